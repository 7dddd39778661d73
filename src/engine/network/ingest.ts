import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Logger } from 'pino';
import { errorMessage } from '../../core/errors.js';
import type { GeoLookup, IntelLookup } from '../../core/intel.js';
import { type DnsEvent, type FlowEvent, flowTraits } from '../../core/network-events.js';
import type { DetectorLimits, DetectorUnit } from '../../core/units/detector.js';
import { normaliseResolverRecord } from '../../providers/aws/logs/route53-resolver-parser.js';
import { FlowStreamParser, flowFormat } from '../../providers/aws/logs/vpc-flow-parser.js';
import type { Store } from '../../store/index.js';
import type { AttributionIndex } from './attribution.js';
import { NetworkDetection } from './detect.js';
import { dnsDetectors, flowDetectors } from './detectors.js';
import { DnsEnricher, FlowEnricher } from './enrich.js';
import { FlowBatch, type FlowStageTimes } from './flow-batch.js';
import { PortObserver } from './ports.js';

/** A save is taken after at least this many times its own CPU cost of other work (store ≤ ~5% of a run). */
const SAVE_AMORTISE = 20;
/**
 * …and never sooner than this much CPU after the previous save (or the start). The first save has no
 * cost to go by, and it writes every finding seen so far: at 200,000 lines it was half the store cost
 * of a 1M-record run. A killed run loses at most this much work (plus the lines of one read chunk).
 */
const SAVE_MIN_GAP_MS = 2000;

/** CPU milliseconds of this process so far (saves are paced by CPU, not wall time). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One readable log object: a local file or an S3 object. */
export interface LogObject {
  location: string;
  open(): Promise<Readable>;
}

/** The S3 calls an ingest needs, injectable (tests use aws-sdk-client-mock through `s3Objects`). */
export interface S3Lister {
  list(bucket: string, prefix: string): AsyncIterable<string>;
  get(bucket: string, key: string): Promise<Readable>;
}

export interface NetworkIngestOptions {
  store: Store;
  intel?: IntelLookup;
  geo?: GeoLookup;
  index?: AttributionIndex;
  /** Flow logs: the field list of headerless custom-format files. */
  fields?: string;
  limits?: DetectorLimits;
  detectors?: DetectorUnit[];
  s3?: S3Lister;
  log?: Logger;
  /** Resume from and save checkpoints (default true). */
  checkpoint?: boolean;
  /**
   * Lines between checkpoint saves. When not given: at least 200,000 lines, and at least
   * `SAVE_AMORTISE` times the CPU of the previous save and `SAVE_MIN_GAP_MS` of CPU — a save writes every finding hit since the
   * last one, so a fixed line count would spend a share of the run on rewriting the same findings.
   */
  checkpointEvery?: number;
  /** Stop after this many lines (tests of the kill-and-resume path). */
  stopAfterLines?: number;
  /** Flow logs: keep per-resource port observations (default true; the bench turns them off to time parse and enrich alone). */
  observePorts?: boolean;
  /** Flow logs: one object per record instead of the batch path (tests compare the two). */
  objectPath?: boolean;
}

export interface IngestReport {
  kind: 'flowlogs' | 'dns';
  objects: number;
  skippedObjects: number;
  lines: number;
  records: number;
  errors: number;
  /** The first errors, `location:line: message`. */
  errorSample: string[];
  findingsCreated: number;
  findingsUpdated: number;
  hits: number;
  portsObserved: number;
  durationMs: number;
  /** CPU milliseconds spent saving findings, ports, errors and checkpoints (SQLite writes are synchronous, so this is their cost; on PostgreSQL it leaves out the server). */
  storeMs: number;
  stopped: boolean;
  /** Flow logs (batch path): CPU milliseconds in each stage; the rest of the CPU time is reading and gunzip. */
  stageMs?: FlowStageTimes;
}

async function* walk(path: string): AsyncGenerator<string> {
  const s = await stat(path);
  if (!s.isDirectory()) {
    yield path;
    return;
  }
  for (const e of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(path, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (!e.name.startsWith('.')) yield p;
  }
}

/** Local files and directories (recursively), or `s3://bucket/prefix` through the S3 lister. */
export async function* logObjects(inputs: readonly string[], s3?: S3Lister): AsyncGenerator<LogObject> {
  for (const input of inputs) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(input);
    if (m) {
      if (!s3) throw new Error(`${input}: no S3 client`);
      const [, bucket = '', prefix = ''] = m;
      for await (const key of s3.list(bucket, prefix)) yield { location: `s3://${bucket}/${key}`, open: () => s3.get(bucket, key) };
      continue;
    }
    for await (const file of walk(input)) yield { location: file, open: async () => createReadStream(file, { highWaterMark: 1 << 20 }) };
  }
}

/** Gunzips when the first bytes are the gzip magic, whatever the name says. */
async function* chunks(src: Readable): AsyncGenerator<Buffer> {
  let decided: AsyncIterable<Buffer> | undefined;
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const head = first.value as Buffer;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    (async () => {
      try {
        gunzip.write(head);
        for (let r = await it.next(); !r.done; r = await it.next()) if (!gunzip.write(r.value)) await new Promise((res) => gunzip.once('drain', res));
        gunzip.end();
      } catch (e) {
        gunzip.destroy(e as Error);
      }
    })();
    decided = gunzip;
  }
  if (decided) {
    for await (const c of decided) yield c as Buffer;
    return;
  }
  yield head;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

/** Calls `onLine(buf, start, end, lineNo)` for each line; lines never split across chunks. */
async function forEachLine(
  src: Readable,
  onLine: (buf: Buffer, start: number, end: number, n: number) => void,
  between: () => Promise<boolean>,
): Promise<boolean> {
  let carry: Buffer | undefined;
  let n = 0;
  for await (const chunk of chunks(src)) {
    let buf = chunk;
    let start = 0;
    if (carry) {
      // Only the line cut by the chunk boundary is copied together, not the whole chunk behind it.
      const nl = chunk.indexOf(10);
      if (nl < 0) buf = Buffer.concat([carry, chunk]);
      else {
        const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
        onLine(line, 0, line.length, ++n);
        start = nl + 1;
      }
    }
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      onLine(buf, start, nl, ++n);
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : undefined;
    if (!(await between())) {
      src.destroy();
      return false;
    }
  }
  if (carry?.length) onLine(carry, 0, carry.length, ++n);
  return true;
}

/** What a line consumer reports to the shared ingest loop. */
interface SinkContext<E> {
  record(): void;
  error(line: number, e: unknown): void;
  /** `traits`: the event's trait mask when the source made it already (the flow batch does). */
  event(e: E, traits?: number): void;
}

/** Consumes an object's lines; may hold some back until `flush` (the batch path does). */
interface LineSink {
  line(buf: Buffer, start: number, end: number, n: number): void;
  /** A line before the resume point. */
  skip(buf: Buffer, start: number, end: number): void;
  flush(): void;
}

/** The one-record-at-a-time sink: parse a line to an event, or record why not. */
function perLine<E>(
  ctx: SinkContext<E>,
  parse: (buf: Buffer, start: number, end: number) => E | null,
  skip?: (buf: Buffer, start: number, end: number) => void,
): LineSink {
  return {
    line(buf, start, end, n) {
      try {
        const ev = parse(buf, start, end);
        if (ev === null) return;
        ctx.record();
        ctx.event(ev);
      } catch (e) {
        ctx.error(n, e);
      }
    },
    skip: skip ?? (() => {}),
    flush() {},
  };
}

interface Checkpoint {
  line: number;
  done: boolean;
}

/** Shared loop of both ingests: read objects, resume at checkpoints, parse, enrich, detect, keep errors. */
async function ingest<E>(
  kind: 'flowlogs' | 'dns',
  inputs: readonly string[],
  o: NetworkIngestOptions,
  makeSink: (ctx: SinkContext<E>) => LineSink,
  detection: NetworkDetection<E>,
  ports: PortObserver | undefined,
): Promise<IngestReport> {
  const started = performance.now();
  const store = o.store;
  const report: IngestReport = {
    kind,
    objects: 0,
    skippedObjects: 0,
    lines: 0,
    records: 0,
    errors: 0,
    errorSample: [],
    findingsCreated: 0,
    findingsUpdated: 0,
    hits: 0,
    portsObserved: 0,
    durationMs: 0,
    storeMs: 0,
    stopped: false,
  };
  const errors: { kind: string; location: string; line: number; message: string }[] = [];
  const useCheckpoints = o.checkpoint !== false;
  const every = o.checkpointEvery ?? 200_000;
  const adaptive = o.checkpointEvery === undefined;

  let storeMs = 0;
  /** CPU of the last save, and the CPU clock when it ended: the cadence's measure. */
  let lastSaveMs = 0;
  let savedAt = cpuMs();
  const persist = async () => {
    const t0 = cpuMs();
    try {
      await save();
    } finally {
      savedAt = cpuMs();
      lastSaveMs = savedAt - t0;
      storeMs += lastSaveMs;
    }
  };
  const saveDue = (lines: number) => lines >= every && (!adaptive || cpuMs() - savedAt >= Math.max(SAVE_MIN_GAP_MS, SAVE_AMORTISE * lastSaveMs));
  const save = async () => {
    if (errors.length) await store.network.recordErrors(errors.splice(0));
    const found = detection.drain();
    if (found.length) {
      const r = await store.findings.upsertCounts(found);
      report.findingsCreated += r.created + r.reopened;
      report.findingsUpdated += r.updated;
    }
    if (ports) {
      const p = ports.drain();
      report.portsObserved += p.length;
      if (p.length) await store.network.addPorts(p);
    }
  };

  for await (const obj of logObjects(inputs, o.s3)) {
    const ckKey = `network:${kind}:${obj.location}`;
    const ck = useCheckpoints ? await store.checkpoints.get<Checkpoint>(ckKey) : undefined;
    if (ck?.done) {
      report.skippedObjects++;
      continue;
    }
    report.objects++;
    const resumeAfter = ck?.line ?? 0;
    let last = resumeAfter;
    let sinceSave = 0;
    let stream: Readable;
    try {
      stream = await obj.open();
    } catch (e) {
      report.errors++;
      errors.push({ kind, location: obj.location, line: 0, message: `could not open: ${errorMessage(e)}` });
      continue;
    }
    const location = obj.location;
    const sink = makeSink({
      record() {
        report.records++;
      },
      error(n, e) {
        report.errors++;
        const message = errorMessage(e);
        if (report.errorSample.length < 10) report.errorSample.push(`${location}:${n}: ${message}`);
        if (errors.length < 10_000) errors.push({ kind, location, line: n, message });
      },
      event(ev, traits) {
        detection.push(ev, traits);
        if (ports) ports.push(ev as unknown as FlowEvent);
      },
    });
    const onLine = (buf: Buffer, start: number, end: number, n: number) => {
      if (n <= resumeAfter) {
        // Header lines before the resume point still set the format.
        sink.skip(buf, start, end);
        return;
      }
      last = n;
      sinceSave++;
      report.lines++;
      sink.line(buf, start, end, n);
    };
    let completed: boolean;
    try {
      completed = await forEachLine(stream, onLine, async () => {
        sink.flush();
        // What is saved and the checkpoint go together: port counts add up in the store, so a save
        // without its checkpoint would count the lines after it twice on resume.
        if (detection.full || ports?.full || errors.length >= 1000 || saveDue(sinceSave)) {
          await persist();
          if (useCheckpoints) await store.checkpoints.set(ckKey, { line: last, done: false } satisfies Checkpoint);
          sinceSave = 0;
        }
        if (o.stopAfterLines !== undefined && report.lines >= o.stopAfterLines) return false;
        return true;
      });
      sink.flush();
    } catch (e) {
      report.errors++;
      errors.push({ kind, location: obj.location, line: last, message: `read failed: ${errorMessage(e)}` });
      completed = false;
    }
    if (!completed) {
      await persist();
      if (useCheckpoints) await store.checkpoints.set(ckKey, { line: last, done: false } satisfies Checkpoint);
      if (o.stopAfterLines !== undefined && report.lines >= o.stopAfterLines) {
        report.stopped = true;
        break;
      }
      continue;
    }
    await persist();
    if (useCheckpoints) await store.checkpoints.set(ckKey, { line: last, done: true } satisfies Checkpoint);
  }
  if (!report.stopped) detection.finish();
  await persist();
  report.hits = detection.hits;
  report.storeMs = Math.round(storeMs);
  report.durationMs = Math.round(performance.now() - started);
  o.log?.info({ ...report, errorSample: undefined }, `${kind} ingest finished`);
  return report;
}

/** Known served ports per resource from earlier ingests: the new-listening-port detector's memory. */
async function knownPorts(store: Store): Promise<(id: string) => ReadonlySet<string> | undefined> {
  const m = new Map<string, Set<string>>();
  for (const p of await store.network.ports({ direction: 'inbound' })) {
    let s = m.get(p.resourceId);
    if (!s) {
      s = new Set();
      m.set(p.resourceId, s);
    }
    s.add(`${p.protocol}/${p.port}`);
  }
  return (id) => m.get(id);
}

/** `skywatch ingest flowlogs`: VPC / Transit Gateway flow logs from files, directories, .gz or S3. */
export async function ingestFlowLogs(inputs: readonly string[], o: NetworkIngestOptions): Promise<IngestReport> {
  const enricher = new FlowEnricher({ ...(o.index && { index: o.index }), ...(o.intel && { intel: o.intel }), ...(o.geo && { geo: o.geo }) });
  const fmt = o.fields ? flowFormat(o.fields) : undefined;
  const detectors =
    (o.detectors as DetectorUnit<FlowEvent>[] | undefined) ??
    flowDetectors({ knownPorts: await knownPorts(o.store), ...(o.limits && { maxKeys: o.limits.maxKeys }) });
  const detection = new NetworkDetection<FlowEvent>(detectors, { ...(o.limits && { limits: o.limits }), traits: flowTraits });
  const deps = { ...(o.index && { index: o.index }), ...(o.intel && { intel: o.intel }), ...(o.geo && { geo: o.geo }), ...(fmt && { format: fmt }), enricher };
  const stages: FlowStageTimes = { parse: 0, enrich: 0, detect: 0 };
  const report = await ingest<FlowEvent>(
    'flowlogs',
    inputs,
    o,
    (ctx) => {
      if (o.objectPath) {
        const p = new FlowStreamParser(fmt);
        return perLine(
          ctx,
          (buf, start, end) => {
            const rec = p.line(buf, start, end);
            return rec ? enricher.enrich(rec) : null;
          },
          (buf, start, end) => {
            if (buf[start] !== undefined && (buf[start] as number) > 57) p.line(buf, start, end);
          },
        );
      }
      const batch = new FlowBatch(deps, ctx);
      return {
        line: (buf, start, end, n) => batch.add(buf, start, end, n),
        skip: (buf, start, end) => batch.skip(buf, start, end),
        flush() {
          batch.run();
          stages.parse += batch.times.parse;
          stages.enrich += batch.times.enrich;
          stages.detect += batch.times.detect;
          batch.times.parse = batch.times.enrich = batch.times.detect = 0;
        },
      };
    },
    detection,
    o.observePorts === false ? undefined : new PortObserver(),
  );
  if (!o.objectPath) report.stageMs = { parse: Math.round(stages.parse), enrich: Math.round(stages.enrich), detect: Math.round(stages.detect) };
  return report;
}

/** `skywatch ingest dns`: Route 53 Resolver query logs (JSON lines; CloudWatch exports' timestamp prefix skipped). */
export async function ingestDnsLogs(inputs: readonly string[], o: NetworkIngestOptions): Promise<IngestReport> {
  const enricher = new DnsEnricher({ ...(o.index && { index: o.index }), ...(o.intel && { intel: o.intel }) });
  const detectors = (o.detectors as DetectorUnit<DnsEvent>[] | undefined) ?? dnsDetectors(o.limits ? { maxKeys: o.limits.maxKeys } : {});
  const detection = new NetworkDetection<DnsEvent>(detectors, { ...(o.limits && { limits: o.limits }) });
  return ingest<DnsEvent>(
    'dns',
    inputs,
    o,
    (ctx) =>
      perLine(ctx, (buf, start, end) => {
        let s = start;
        while (s < end && buf[s] !== 123 && buf[s] !== 10) s++;
        if (s >= end) {
          if (buf.toString('utf8', start, end).trim() === '') return null;
          throw new Error('not a JSON object');
        }
        return enricher.enrich(normaliseResolverRecord(JSON.parse(buf.toString('utf8', s, end))));
      }),
    detection,
    undefined,
  );
}
