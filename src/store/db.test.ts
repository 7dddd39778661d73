import SQLite from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { keptStatements } from './db.js';

describe('keptStatements (SQLite statements kept by text)', () => {
  let db: SQLite.Database;
  afterEach(() => {
    if (db?.open) db.close();
  });

  /** A handle that counts what it really prepares. */
  function counted(): { prepared: string[] } {
    db = new SQLite(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const prepared: string[] = [];
    const real = db.prepare.bind(db);
    db.prepare = ((text: string) => {
      prepared.push(text);
      return real(text);
    }) as typeof db.prepare;
    return { prepared };
  }

  it('prepares a text once and hands the same statement out again', () => {
    const { prepared } = counted();
    const kept = keptStatements(db);
    const a = kept.prepare('INSERT INTO t (v) VALUES (?)');
    a.run(['x']);
    const b = kept.prepare('INSERT INTO t (v) VALUES (?)');
    b.run(['y']);
    expect(b).toBe(a);
    expect(prepared).toEqual(['INSERT INTO t (v) VALUES (?)']);
    expect(kept.prepare('SELECT v FROM t ORDER BY id').all([])).toEqual([{ v: 'x' }, { v: 'y' }]);
  });

  it('keeps the most recently used texts and evicts the oldest beyond its size', () => {
    const { prepared } = counted();
    const kept = keptStatements(db, 2);
    kept.prepare('SELECT 1');
    kept.prepare('SELECT 2');
    kept.prepare('SELECT 1'); // now the most recent: SELECT 2 goes first
    kept.prepare('SELECT 3');
    kept.prepare('SELECT 1');
    kept.prepare('SELECT 2');
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2']);
  });

  it('gives a fresh statement while the kept one is busy in an open iterator', () => {
    const { prepared } = counted();
    const kept = keptStatements(db);
    for (const v of ['a', 'b', 'c']) kept.prepare('INSERT INTO t (v) VALUES (?)').run([v]);
    const text = 'SELECT v FROM t WHERE id >= ? ORDER BY id';
    const outer = kept.prepare(text);
    const seen: string[] = [];
    for (const row of outer.iterate([1]) as IterableIterator<{ v: string }>) {
      // Handing `outer` out again here would throw "This statement is busy executing a query".
      const inner = kept.prepare(text);
      expect(inner).not.toBe(outer);
      seen.push(`${row.v}:${(inner.all([2]) as { v: string }[]).map((r) => r.v).join('')}`);
    }
    expect(seen).toEqual(['a:bc', 'b:bc', 'c:bc']);
    // Once the iterator is done, the kept statement serves again.
    expect(kept.prepare(text)).toBe(outer);
    expect(prepared.filter((p) => p === text)).toHaveLength(4);
  });

  it('a kept statement sees a schema change made after it was prepared', () => {
    counted();
    const kept = keptStatements(db);
    kept.prepare('INSERT INTO t (v) VALUES (?)').run(['x']);
    expect(kept.prepare('SELECT * FROM t').all([])).toEqual([{ id: 1, v: 'x' }]);
    db.exec("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'd'");
    expect(kept.prepare('SELECT * FROM t').all([])).toEqual([{ id: 1, v: 'x', w: 'd' }]);
  });

  it('serves Kysely: repeated inserts, selects and a stream prepare each text once', async () => {
    const { prepared } = counted();
    const k = new Kysely<{ t: { id: Generated<number>; v: string } }>({ dialect: new SqliteDialect({ database: keptStatements(db) }) });
    for (const v of ['a', 'b', 'c']) await k.insertInto('t').values({ v }).execute();
    const q = k.selectFrom('t').select('v').orderBy('id');
    expect((await q.execute()).map((r) => r.v)).toEqual(['a', 'b', 'c']);
    const streamed: string[] = [];
    for await (const row of q.stream()) streamed.push(row.v);
    expect(streamed).toEqual(['a', 'b', 'c']);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(k)).rows[0]?.n).toBe(3);
    expect(prepared).toHaveLength(3);
    await k.destroy();
  });
});
