import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type RecordItem, RecordsArrayScanner, listLocal, parseRecords, readObject, splitLines } from './reader.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Feeds bytes in tiny chunks so every boundary case (inside strings, escapes, keys) is crossed. */
function chunked(text: string | Buffer, size: number): AsyncIterable<Buffer> {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('splitLines', () => {
  it('splits across chunk boundaries, strips CRLF, numbers lines, keeps a final unterminated line', async () => {
    const lines = await collect(splitLines(chunked('a\r\nbb\n\nccc', 2)));
    expect(lines.map((l) => [l.line.toString(), l.lineNo])).toEqual([
      ['a', 1],
      ['bb', 2],
      ['', 3],
      ['ccc', 4],
    ]);
  });
});

describe('RecordsArrayScanner', () => {
  const doc = JSON.stringify({
    Records: [
      { eventName: 'A', s: 'has "quotes" and \\ backslash and } brace ] bracket', n: [1, { x: 2 }] },
      { eventName: 'B', unicode: 'é✓' },
    ],
    trailing: { Records: 'ignored' },
  });
  it.each([1, 2, 3, 7, 64, 4096])('yields each record intact with chunk size %i', (size) => {
    const s = new RecordsArrayScanner();
    const out: string[] = [];
    const buf = Buffer.from(doc);
    for (let i = 0; i < buf.length; i += size) for (const r of s.push(buf.subarray(i, i + size))) out.push(r.toString());
    expect(out.map((r) => JSON.parse(r).eventName)).toEqual(['A', 'B']);
    expect(JSON.parse(out[0] as string).s).toContain('} brace ]');
    expect(s.done).toBe(true);
  });
  it('reads a bare top-level array (Stratus detonation logs)', () => {
    const s = new RecordsArrayScanner();
    const out = s.push(Buffer.from('[ {"a":1}, {"a":2} ]'));
    expect(out.map((b) => JSON.parse(b.toString()).a)).toEqual([1, 2]);
  });
  it('ignores keys before Records and an empty Records array', () => {
    const s = new RecordsArrayScanner();
    expect(s.push(Buffer.from('{"x":[{"no":1}],"Records":[]}'))).toEqual([]);
    expect(s.done).toBe(true);
  });
});

describe('records read a window at a time (the JSON.parse-verified fast path)', () => {
  // Records that share a first key, with nested arrays of objects that start with the same key
  // (a false boundary the parse must reject), escapes, braces inside strings and multi-byte text.
  const records = Array.from({ length: 1500 }, (_, i) => ({
    eventVersion: '1.08',
    n: i,
    text: i % 7 === 0 ? 'quote " brace }, { bracket ] é✓ \\' : `plain-${i}`,
    nested: i % 5 === 0 ? [{ eventVersion: 'x' }, { eventVersion: 'y', deeper: [{ eventVersion: 'z' }] }] : [],
  }));
  const pretty = JSON.stringify({ Records: records }, null, 2);
  const compact = JSON.stringify({ Records: records });
  it.each([
    ['compact', 131072, compact],
    ['compact', 70000, compact],
    ['compact', 4096, compact],
    ['pretty', 131072, pretty],
    ['pretty', 997, pretty],
  ])('%s document in %i-byte chunks yields every record once, in order, located by number', async (_k, size, doc) => {
    const items = await collect(parseRecords(chunked(doc, size), 'd.json'));
    expect(items.every((i) => i.ok)).toBe(true);
    expect(items.map((i) => (i.ok ? i.value : undefined))).toEqual(records);
    expect(items.map((i) => i.location)).toEqual(records.map((_, k) => `d.json:record#${k + 1}`));
  });
  it('cuts at a record boundary the parse confirms, and a nested look-alike fails the parse', () => {
    const buf = Buffer.from(compact);
    // Byte offsets (the text has multi-byte characters).
    const recordAt = (n: number) => buf.indexOf(`{"eventVersion":"1.08","n":${n},`);
    const s = new RecordsArrayScanner();
    const first = s.push(buf.subarray(0, recordAt(3) + 10));
    expect(first.map((r) => JSON.parse(r).n)).toEqual([0, 1, 2]);
    // The chunk ends just inside record 37: the window holds records 3 (straddling) to 36.
    const chunk = buf.subarray(recordAt(3) + 10, recordAt(37) + 30);
    const cand = s.candidate(chunk);
    expect((JSON.parse(cand?.text as string) as { n: number }[]).map((v) => v.n)).toEqual(records.slice(3, 37).map((r) => r.n));
    expect(chunk.subarray(cand?.cut as number, (cand?.cut as number) + 2).toString()).toBe(',{');
    s.accept();
    expect(s.push(chunk.subarray(cand?.cut as number))).toEqual([]);
    expect(s.push(buf.subarray(recordAt(37) + 30, recordAt(38))).map((r) => JSON.parse(r).n)).toEqual([37]);
    // A chunk whose last look-alike is inside record 40's nested array: the text does not parse.
    const s2 = new RecordsArrayScanner();
    s2.push(buf.subarray(0, recordAt(3)));
    const c2 = s2.candidate(buf.subarray(recordAt(3), buf.indexOf('{"eventVersion":"y"', recordAt(40)) + 20));
    expect(() => JSON.parse(c2?.text as string)).toThrow();
  });
  it('reports a bad record alone with its number, the records around it kept', async () => {
    const texts = records.map((r) => JSON.stringify(r));
    texts[900] = '{"eventVersion":"1.08","n":900,"broken":}';
    const items = await collect(parseRecords(chunked(`{"Records":[${texts.join(',')}]}`, 65536), 'b.json'));
    const bad = items.filter((i) => !i.ok);
    expect(bad).toEqual([expect.objectContaining({ location: 'b.json:record#901', index: 901 })]);
    expect(items.filter((i) => i.ok).map((i) => (i.ok ? (i.value as { n: number }).n : -1))).toEqual(records.map((r) => r.n).filter((n) => n !== 900));
  });
});

describe('parseRecords', () => {
  it('detects JSON lines and reports bad lines with file:line, keeping the good ones', async () => {
    const items = await collect(parseRecords(chunked('{"a":1}\nnot json\n\n{"a":2}\n', 5), 'f.jsonl'));
    expect(items.filter((i) => i.ok).length).toBe(2);
    const bad = items.filter((i): i is Extract<RecordItem, { ok: false }> => !i.ok);
    expect(bad).toHaveLength(1);
    expect(bad[0]?.location).toBe('f.jsonl:2');
    expect(bad[0]?.reason).toMatch(/invalid JSON/);
  });
  it('locates records of a delivery document as file:record#n and reports a truncated document', async () => {
    const items = await collect(parseRecords(chunked('{"Records":[{"a":1},{"a":2},{"a":', 4), 'x.json'));
    expect(items.filter((i) => i.ok)).toHaveLength(2);
    const last = items[items.length - 1];
    expect(last).toMatchObject({ ok: false, location: 'x.json:record#3' });
  });
});

describe('files', () => {
  it('walks directories recursively in name order and reads .json.gz, reporting a truncated gzip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', '1.json.gz'), gzipSync(JSON.stringify({ Records: [{ n: 1 }, { n: 2 }] })));
    const big = gzipSync(Buffer.from(`${Array.from({ length: 2000 }, (_, i) => JSON.stringify({ n: i, pad: 'x'.repeat(50) })).join('\n')}\n`));
    writeFileSync(join(dir, 'a', '2.jsonl.gz'), big.subarray(0, Math.floor(big.length / 2)));
    writeFileSync(join(dir, 'ignored.txt'), 'x');
    const objs = await listLocal(dir);
    expect(objs.map((o) => o.name)).toEqual(['a/2.jsonl.gz', 'a/b/1.json.gz']);
    const first = await collect(readObject(objs[1] as (typeof objs)[number]));
    expect(first.map((i) => i.ok && (i.value as { n: number }).n)).toEqual([1, 2]);
    const truncated = await collect(readObject(objs[0] as (typeof objs)[number]));
    const good = truncated.filter((i) => i.ok);
    const bad = truncated.filter((i) => !i.ok);
    expect(good.length).toBeGreaterThan(100);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ reason: expect.stringMatching(/truncated or corrupt gzip/) });
  });
});
