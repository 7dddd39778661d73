import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorMessage } from '../../core/errors.js';

/**
 * Streaming readers for audit logs. Nothing here ever holds a whole file: bytes flow through gzip,
 * a framing scanner cuts one record at a time, and each record is parsed on its own. A record that
 * cannot be parsed becomes a `bad` item with its location; the stream goes on.
 */

export type RecordItem = { ok: true; value: unknown; location: string; index: number } | { ok: false; location: string; index: number; reason: string };

const NL = 0x0a;

/**
 * Buffer-level line splitter over one chunk at a time: `push` returns the complete lines the chunk
 * closed as views into it (no copy), and only a line that straddles chunks is copied (once, when it
 * completes). Lines exclude `\n`/`\r\n`; numbers are 1-based.
 */
export class LineSplitter {
  private carry: Buffer | undefined;
  lineNo = 0;

  push(chunk: Buffer, out: { line: Buffer; lineNo: number }[] = []): { line: Buffer; lineNo: number }[] {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NL, start); nl !== -1; nl = buf.indexOf(NL, start)) {
      this.lineNo++;
      const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      out.push({ line: buf.subarray(start, end), lineNo: this.lineNo });
      start = nl + 1;
    }
    buf = buf.subarray(start);
    // Copy the tail so the (possibly large) chunk it came from can be collected.
    this.carry = buf.length ? Buffer.from(buf) : undefined;
    return out;
  }

  end(out: { line: Buffer; lineNo: number }[] = []): { line: Buffer; lineNo: number }[] {
    const carry = this.carry;
    this.carry = undefined;
    if (carry?.length) {
      this.lineNo++;
      const end = carry[carry.length - 1] === 0x0d ? carry.length - 1 : carry.length;
      out.push({ line: carry.subarray(0, end), lineNo: this.lineNo });
    }
    return out;
  }
}

/** Buffer-level line splitter: yields each line's bytes (without `\n`/`\r\n`) and its 1-based number. */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ line: Buffer; lineNo: number }> {
  const s = new LineSplitter();
  for await (const chunk of chunks) yield* s.push(chunk);
  yield* s.end();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;

/**
 * Incremental scanner for one JSON document that holds an array of records: `[…]` (Stratus logs)
 * or `{"Records":[…], …}` (CloudTrail's S3 delivery). It tracks only depth and string state, and
 * yields the bytes of each element of the records array as soon as the element closes, so memory
 * is bounded by the largest single record. Inside strings it jumps from quote to quote with
 * `indexOf`, which keeps it far cheaper than the JSON.parse that follows.
 */
export class RecordsArrayScanner {
  private depth = 0;
  private inString = false;
  /** Depth of the records array's elements, once the array is found. */
  private elementDepth = -1;
  /** Top-level object: the key just read at depth 1 (to find "Records"). */
  private lastKey = '';
  private keyStart = -1;
  private keyParts: Buffer[] = [];
  private parts: Buffer[] = [];
  private elementStart = -1;
  /** A backslash ended the previous chunk inside a string: the next byte is escaped. */
  private escapeNext = false;
  done = false;
  error: string | undefined;

  /** Feeds a chunk; returns the text of each complete element it closed. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    const n = chunk.length;
    // State lives in locals for the loop (much faster than fields) and is written back at the end.
    let depth = this.depth;
    let inString = this.inString;
    let elementDepth = this.elementDepth;
    let elementStart = this.elementStart === -2 ? 0 : this.elementStart; // -2: continues from the previous chunk
    let keyStart = this.keyStart === -2 ? 0 : this.keyStart;
    let i = 0;
    if (inString && this.escapeNext) {
      this.escapeNext = false;
      i = 1;
    }
    while (i < n) {
      if (inString) {
        // A plain loop beats Buffer#indexOf: CloudTrail strings are short and a native call costs
        // more than scanning a few dozen bytes.
        let c = chunk[i] as number;
        while (c !== QUOTE) {
          if (c === BACKSLASH) i++;
          i++;
          if (i >= n) break;
          c = chunk[i] as number;
        }
        if (i >= n) {
          // The string (or an escape pair) continues in the next chunk.
          this.escapeNext = i > n;
          break;
        }
        inString = false;
        if (keyStart !== -1) {
          this.keyParts.push(chunk.subarray(keyStart, i));
          this.lastKey = Buffer.concat(this.keyParts).toString('utf8');
          this.keyParts = [];
          keyStart = -1;
        }
        i++;
        continue;
      }
      const c = chunk[i] as number;
      if (c === QUOTE) {
        inString = true;
        // Key names matter only at depth 1 of a top-level object, outside the records array.
        if (depth === 1 && elementDepth === -1) keyStart = i + 1;
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (depth === 0 && c === OPEN_ARR) elementDepth = 1;
        else if (depth === 1 && c === OPEN_ARR && elementDepth === -1 && this.lastKey === 'Records') elementDepth = 2;
        else if (depth === elementDepth && elementStart === -1) elementStart = i;
        depth++;
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        depth--;
        if (depth < 0) {
          this.error = 'unbalanced brackets';
          this.done = true;
          break;
        }
        if (depth === elementDepth && elementStart !== -1) {
          // The record's text straight from the chunk: no Buffer copy per record. Only a record
          // that straddles chunks is joined first (a multi-byte character may be split there).
          if (this.parts.length === 0) {
            this.signature ??= recordSignature(chunk.subarray(elementStart, i + 1));
            out.push(chunk.toString('utf8', elementStart, i + 1));
          } else {
            this.parts.push(chunk.subarray(elementStart, i + 1));
            out.push(Buffer.concat(this.parts).toString('utf8'));
            this.parts = [];
          }
          elementStart = -1;
        } else if (depth === elementDepth - 1 && elementDepth > 0) {
          // The records array closed; the rest of the document (e.g. trailing keys) is ignored.
          elementDepth = -3;
        }
        if (depth === 0) {
          this.done = true;
          i++;
          break;
        }
      }
      i++;
    }
    if (elementStart >= 0 && !this.done) {
      this.parts.push(chunk.subarray(elementStart));
      elementStart = -2;
    }
    if (keyStart >= 0) {
      this.keyParts.push(Buffer.from(chunk.subarray(keyStart)));
      keyStart = -2;
    }
    this.depth = depth;
    this.inString = inString;
    this.elementDepth = elementDepth;
    this.elementStart = elementStart;
    this.keyStart = keyStart;
    return out;
  }

  /** True when the input ended inside a record or the document. */
  get truncated(): boolean {
    return !this.done;
  }

  /**
   * The opening bytes every record of this document is expected to share (`{"eventVersion"`: the
   * first record's `{` through its first key), learnt from the first record the exact scan closed.
   */
  private signature: Buffer | undefined;
  /** Fast-path cuts that JSON.parse rejected; past a few, this document is scanned exactly. */
  private misses = 0;

  /**
   * Fast path: the records from `from` up to the last `},{"firstKey"` within a window, as the text
   * of one JSON array, found without scanning them byte by byte. The cut is only a guess: the caller
   * parses the text, then calls `accept` (and asks again from `cut`) when the parse succeeded — an
   * array that parses proves the cut was a record boundary, since a cut inside a string or a nested
   * value leaves a string or bracket unclosed — or `reject` and then `push(chunk.subarray(from))`
   * when it failed. `from` is 0, or a cut accepted before.
   */
  candidate(chunk: Buffer, from = 0): { text: string; cut: number } | undefined {
    const sig = this.signature;
    if (!sig || this.misses >= 4 || this.done) return undefined;
    const elementDepth = this.elementDepth;
    if (elementDepth < 1) return undefined;
    let start = from;
    let carried = 0;
    // Inside a record that began in an earlier chunk (string state does not matter: the parse decides).
    if (this.elementStart === -2) for (const p of this.parts) carried += p.length;
    else if (this.elementStart === -1 && this.depth === elementDepth && !this.inString) {
      // Between records: the next one starts after blanks and a comma.
      while (start < chunk.length && isJsonBlank(chunk[start] as number)) start++;
      if (chunk[start] === 0x2c) start++;
      while (start < chunk.length && isJsonBlank(chunk[start] as number)) start++;
      if (chunk[start] !== OPEN_OBJ) return undefined;
    } else return undefined;
    const end = Math.min(chunk.length, start + MAX_BATCH_TEXT - carried);
    const at = lastIndexOfSignature(chunk, sig, start, end);
    if (at <= start) return undefined;
    let q = at - 1;
    while (q > start && isJsonBlank(chunk[q] as number)) q--;
    if (chunk[q] !== 0x2c) return undefined;
    q--;
    while (q > start && isJsonBlank(chunk[q] as number)) q--;
    if (chunk[q] !== CLOSE_OBJ) return undefined;
    const cut = q + 1;
    const text = carried ? Buffer.concat([...this.parts, chunk.subarray(0, cut)]).toString('utf8') : chunk.toString('utf8', start, cut);
    return { text: `[${text}]`, cut };
  }

  /** The candidate's records were parsed: the scanner stands between records at its cut. */
  accept(): void {
    this.parts = [];
    this.elementStart = -1;
    this.depth = this.elementDepth;
    this.inString = false;
    this.escapeNext = false;
  }

  reject(): void {
    this.misses++;
  }
}

/**
 * Bytes of record text per fast-path JSON.parse. Kept well under V8's large-object size (128 KiB,
 * twice the bytes for a two-byte string): a string that size costs a page mapping of its own, and
 * decoding one 128 KiB chunk to a string was measured ~40× slower than decoding 120 KB.
 */
const MAX_BATCH_TEXT = 56 * 1024;

/**
 * The last place the signature starts before `end`, searched backwards (a record starts within a
 * record's length of it; Buffer#lastIndexOf with a Buffer needle is far slower here).
 */
function lastIndexOfSignature(chunk: Buffer, sig: Buffer, from: number, end: number): number {
  const first = sig[0] as number;
  const len = sig.length;
  outer: for (let at = end - len; at > from; at--) {
    if (chunk[at] !== first) continue;
    for (let k = 1; k < len; k++) if (chunk[at + k] !== sig[k]) continue outer;
    return at;
  }
  return -1;
}

function isJsonBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** `{` through the first key's closing quote of a record (`{"eventVersion"`), or undefined when it has none. */
function recordSignature(rec: Buffer): Buffer | undefined {
  if (rec[0] !== OPEN_OBJ) return undefined;
  let i = 1;
  while (i < rec.length && isJsonBlank(rec[i] as number)) i++;
  if (rec[i] !== QUOTE) return undefined;
  for (i++; i < rec.length; i++) {
    const c = rec[i];
    if (c === BACKSLASH) return undefined;
    if (c === QUOTE) return Buffer.from(rec.subarray(0, i + 1));
  }
  return undefined;
}

export type Framing = 'auto' | 'json-lines' | 'records';

/** Decides the framing from the first bytes: a records document starts with `[` or `{"Records"`. */
export function detectFraming(head: Buffer): 'json-lines' | 'records' {
  const text = head
    .subarray(0, 256)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (/^\s*\[/.test(text)) return 'records';
  if (/^\s*\{\s*"Records"\s*:/.test(text)) return 'records';
  return 'json-lines';
}

/** Gathers the first bytes (enough to see `{"Records"`) to detect framing, then replays them. */
async function* withHead(chunks: AsyncIterable<Buffer>, onHead: (head: Buffer) => void): AsyncGenerator<Buffer> {
  const head: Buffer[] = [];
  let size = 0;
  let decided = false;
  for await (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    if (decided) {
      yield b;
      continue;
    }
    head.push(b);
    size += b.length;
    if (size >= 64) {
      decided = true;
      const all = head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head);
      onHead(all);
      yield all;
    }
  }
  if (!decided) {
    const all = Buffer.concat(head);
    onHead(all);
    if (all.length) yield all;
  }
}

/**
 * Parses records from a byte stream, one batch per input chunk (so the consumer pays one async
 * step per chunk, not per record). `name` is the location prefix (`file`, `s3://b/k`); lines are
 * located as `name:line`, array elements as `name:record#n`. A stream error (truncated gzip) ends
 * the stream with one bad item; everything before it has been yielded.
 */
export async function* parseRecordBatches(chunks: AsyncIterable<Buffer>, name: string, framing: Framing = 'auto'): AsyncGenerator<RecordItem[]> {
  let mode: 'json-lines' | 'records' = framing === 'auto' ? 'json-lines' : framing;
  const source = withHead(chunks, (head) => {
    if (framing === 'auto') mode = detectFraming(head);
  });
  let index = 0;
  /** Last line number reached (JSON lines), for the location of a stream error. */
  let lastLine = 0;
  const linePrefix = `${name}:`;
  const recordPrefix = `${name}:record#`;
  let batch: RecordItem[] = [];
  try {
    // The framing is known once the first chunk has passed withHead.
    let splitter: LineSplitter | undefined;
    let scanner: RecordsArrayScanner | undefined;
    const lines: { line: Buffer; lineNo: number }[] = [];
    const takeLines = () => {
      for (const { line, lineNo } of lines) {
        lastLine = lineNo;
        if (isBlank(line)) continue;
        index++;
        batch.push(parseOne(line, linePrefix, lineNo, index));
      }
      lines.length = 0;
    };
    for await (const chunk of source) {
      if (mode === 'json-lines') {
        splitter ??= new LineSplitter();
        splitter.push(chunk, lines);
        takeLines();
      } else {
        scanner ??= new RecordsArrayScanner();
        // Most of a chunk's records a window at a time in one JSON.parse, without the byte-by-byte
        // scan (see `candidate`); the rest of the chunk, and any window that fails, is scanned exactly.
        let pos = 0;
        for (let cand = scanner.candidate(chunk, 0); cand; cand = scanner.candidate(chunk, pos)) {
          let values: unknown[] | undefined;
          try {
            values = JSON.parse(cand.text) as unknown[];
          } catch {
            // Not a record boundary after all, or a bad record among them: the exact path finds
            // the boundaries and reports the bad record alone.
            scanner.reject();
            break;
          }
          for (const value of values) {
            index++;
            batch.push(new ParsedRecord(value, index, recordPrefix, index));
          }
          scanner.accept();
          pos = cand.cut;
        }
        const texts = scanner.push(pos ? chunk.subarray(pos) : chunk);
        for (const rec of texts) {
          index++;
          batch.push(parseOne(rec, recordPrefix, index, index));
        }
      }
      if (batch.length) {
        yield batch;
        batch = [];
      }
      if (scanner?.done) break;
    }
    if (splitter) {
      splitter.end(lines);
      takeLines();
    } else if (scanner?.error)
      batch.push({ ok: false, location: `${recordPrefix}${index + 1}`, index: index + 1, reason: `invalid JSON document: ${scanner.error}` });
    else if (scanner?.truncated)
      batch.push({ ok: false, location: `${recordPrefix}${index + 1}`, index: index + 1, reason: 'document ends inside a record (truncated file)' });
  } catch (e) {
    const last = mode === 'records' ? `${recordPrefix}${index}` : `${linePrefix}${lastLine}`;
    batch.push({ ok: false, location: `${last} (after)`, index: index + 1, reason: streamErrorReason(e) });
  }
  if (batch.length) yield batch;
}

/** A parsed record. Its location text is built only when asked for (bad events, tests), not per record. */
class ParsedRecord {
  readonly ok = true as const;
  constructor(
    readonly value: unknown,
    readonly index: number,
    private readonly prefix: string,
    private readonly pos: number,
  ) {}
  get location(): string {
    return `${this.prefix}${this.pos}`;
  }
}

/** Record by record: the same as `parseRecordBatches`, flattened (tests, small inputs). */
export async function* parseRecords(chunks: AsyncIterable<Buffer>, name: string, framing: Framing = 'auto'): AsyncGenerator<RecordItem> {
  for await (const batch of parseRecordBatches(chunks, name, framing)) yield* batch;
}

function streamErrorReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(errorMessage(e)))
    return `truncated or corrupt gzip: ${errorMessage(e)}`;
  return `read error: ${errorMessage(e)}`;
}

function isBlank(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function parseOne(bytes: Buffer | string, prefix: string, pos: number, index: number): RecordItem {
  try {
    return new ParsedRecord(JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8')), index, prefix, pos);
  } catch (e) {
    return { ok: false, location: `${prefix}${pos}`, index, reason: `invalid JSON: ${errorMessage(e)}` };
  }
}

/** Whether a name is gzip by extension; bytes are sniffed too (S3 objects lose their suffix sometimes). */
export function isGzipName(name: string): boolean {
  return /\.gz$/i.test(name);
}

/** Wraps a byte stream with gunzip when the first two bytes are the gzip magic. */
export function maybeGunzip(stream: Readable): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await it.next();
      if (first.done) return;
      const head: Buffer = first.value;
      const rest = async function* () {
        yield head;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
      };
      if (head[0] === 0x1f && head[1] === 0x8b) {
        // Larger output chunks: fewer stream turns per record (zlib's default is 16 KiB).
        const gunzip = createGunzip({ chunkSize: 128 * 1024 });
        const src = Readable.from(rest());
        src.on('error', (e) => gunzip.destroy(e));
        src.pipe(gunzip);
        yield* gunzip as AsyncIterable<Buffer>;
      } else yield* rest();
    },
  };
}

/** One readable object of a set: a local file or an S3 object, opened lazily. */
export interface LogObject {
  /** Sort key and location prefix (relative path, or `s3://bucket/key`). */
  name: string;
  open(): Promise<Readable> | Readable;
}

/** Lists files under a path (a file, or a directory walked recursively), sorted by relative path. */
export async function listLocal(path: string): Promise<LogObject[]> {
  const st = await stat(path);
  if (st.isFile()) return [{ name: path, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) }];
  const out: LogObject[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && /\.(json|jsonl|ndjson|json\.gz|jsonl\.gz|ndjson\.gz|gz|log)$/i.test(e.name))
        out.push({ name: relative(path, full) || e.name, open: () => createReadStream(full, { highWaterMark: 256 * 1024 }) });
    }
  };
  await walk(path);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Reads every record of one object, a batch per decompressed chunk. */
export async function* readObjectBatches(obj: LogObject, framing: Framing = 'auto'): AsyncGenerator<RecordItem[]> {
  let stream: Readable;
  try {
    stream = await obj.open();
  } catch (e) {
    yield [{ ok: false, location: obj.name, index: 0, reason: `cannot open: ${errorMessage(e)}` }];
    return;
  }
  yield* parseRecordBatches(maybeGunzip(stream), obj.name, framing);
}

/** Reads every record of one object. */
export async function* readObject(obj: LogObject, framing: Framing = 'auto'): AsyncGenerator<RecordItem> {
  for await (const batch of readObjectBatches(obj, framing)) yield* batch;
}
