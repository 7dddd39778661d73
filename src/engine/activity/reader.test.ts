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
