/**
 * `npm run bench -- cloudtrail`: synthetic CloudTrail in S3-layout .json.gz files through the whole
 * activity path — gunzip, record scanner, JSON.parse, normalise, all SigmaHQ AWS rules (loaded from
 * ../shared/data when present), every built-in detector and the behaviour baselines — without a
 * store (findings are counted, not written), so the figure is the detection pipeline's own.
 *
 * Size: SKYWATCH_BENCH_CLOUDTRAIL_EVENTS or `--events=N` (default 200000; the figures use
 * 1000000 and 5000000). Reports events/s (wall), events/s per CPU-second (the "per core" figure: the
 * pipeline is one thread plus zlib), and peak RSS sampled every 50 ms, with the RSS at each million
 * events so flatness can be read off one run.
 *
 * `--stage=gunzip|read|normalise|detectors|sigma|baselines` cuts the pipeline for per-stage figures:
 * decompression alone (the reader's own gunzip stream, bytes counted and dropped), reading (gunzip,
 * scanner, JSON.parse), plus normalise, plus one judge alone; the default `all` is the whole ingest.
 * `gunzip` and `read` together give the input's own cost per event — the floor under any judging. Every run reports young/old GC counts and time (survival of per-event objects shows
 * up as minor-GC time).
 *
 * SKYWATCH_BENCH_CLOUDTRAIL_DIR keeps the generated files there and reuses them when the count
 * matches (generation costs more than the ingest; profiling and the 5M run reuse one set).
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { NO_INTEL } from '../src/core/intel.js';
import type { AuditEvent } from '../src/core/events.js';
import { Baselines, DEFAULT_SENSITIVE_ACTIONS } from '../src/engine/activity/baselines.js';
import { ActivityEngine, bindDetectors } from '../src/engine/activity/engine.js';
import { type IngestSummary, ingestCloudTrail } from '../src/engine/activity/ingest.js';
import { listLocal, maybeGunzip, readObjectBatches } from '../src/engine/activity/reader.js';
import { SigmaRunner } from '../src/engine/activity/sigma/engine.js';
import type { SigmaSet } from '../src/engine/activity/sigma/load.js';
import type { ActivityDeps } from '../src/engine/activity/engine.js';
import type { DetectorUnit } from '../src/core/units/detector.js';
import { normaliseCloudTrail } from '../src/providers/aws/logs/aws-cloudtrail.source.js';
import { loadSigmaDirs } from '../src/engine/activity/sigma/load.js';
import { loadDetectors } from '../src/engine/detector-units.js';
import type { BenchResult } from './run.js';

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS: [string, string, boolean][] = [
  ['ec2', 'DescribeInstances', true],
  ['ec2', 'DescribeSecurityGroups', true],
  ['ec2', 'DescribeVolumes', true],
  ['s3', 'GetObject', true],
  ['s3', 'PutObject', false],
  ['s3', 'ListBuckets', true],
  ['sts', 'AssumeRole', true],
  ['sts', 'GetCallerIdentity', true],
  ['kms', 'Decrypt', true],
  ['kms', 'GenerateDataKey', true],
  ['logs', 'PutLogEvents', false],
  ['logs', 'FilterLogEvents', true],
  ['dynamodb', 'GetItem', true],
  ['dynamodb', 'PutItem', false],
  ['lambda', 'Invoke', false],
  ['ssm', 'GetParameter', true],
  ['secretsmanager', 'GetSecretValue', true],
  ['iam', 'ListRoles', true],
  ['iam', 'GetRole', true],
  ['cloudwatch', 'GetMetricData', true],
  ['ec2', 'AuthorizeSecurityGroupIngress', false],
  ['iam', 'CreateAccessKey', false],
];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-1'];
const UAS = [
  'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux',
  'Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux',
  'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5',
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
];

/** One realistic-looking record (~1.1 KB of JSON), varied enough that maps and indexes are exercised. */
function record(rnd: () => number, i: number, t: number): Record<string, unknown> {
  const [svc, action, ro] = ACTIONS[Math.floor(rnd() * ACTIONS.length)] as [string, string, boolean];
  const account = `1000000000${String(Math.floor(rnd() * 20)).padStart(2, '0')}`;
  const role = rnd() < 0.6;
  const who = Math.floor(rnd() * 300);
  const region = REGIONS[Math.floor(rnd() * REGIONS.length)] as string;
  const ui = role
    ? {
        type: 'AssumedRole',
        principalId: `AROA${who}:session-${who}`,
        arn: `arn:aws:sts::${account}:assumed-role/app-${who % 60}/i-0${(who * 7919).toString(16).padStart(16, '0')}`,
        accountId: account,
        accessKeyId: `ASIA${String(who).padStart(16, '0')}`,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: `AROA${who}`,
            arn: `arn:aws:iam::${account}:role/app-${who % 60}`,
            accountId: account,
            userName: `app-${who % 60}`,
          },
          attributes: { creationDate: new Date(t - 3_600_000).toISOString(), mfaAuthenticated: 'false' },
        },
      }
    : {
        type: 'IAMUser',
        principalId: `AIDA${who}`,
        arn: `arn:aws:iam::${account}:user/user-${who}`,
        accountId: account,
        accessKeyId: `AKIA${String(who).padStart(16, '0')}`,
        userName: `user-${who}`,
      };
  return {
    eventVersion: '1.09',
    userIdentity: ui,
    eventTime: new Date(t).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: `${svc}.amazonaws.com`,
    eventName: action,
    awsRegion: region,
    sourceIPAddress: `${10 + (who % 200)}.${(who * 3) % 256}.${(i >> 8) % 256}.${i % 256}`,
    userAgent: UAS[who % UAS.length],
    requestParameters:
      svc === 's3'
        ? { bucketName: `bucket-${who % 50}`, key: `data/${i}.parquet`, Host: `bucket-${who % 50}.s3.${region}.amazonaws.com` }
        : svc === 'ec2' && action === 'AuthorizeSecurityGroupIngress'
          ? {
              groupId: `sg-${who}`,
              ipPermissions: {
                items: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: rnd() < 0.1 ? '0.0.0.0/0' : '10.0.0.0/8' }] } }],
              },
            }
          : { maxResults: 100, filterSet: { items: [{ name: 'tag:team', valueSet: { items: [{ value: `team-${who % 12}` }] } }] } },
    responseElements: ro ? null : { requestId: `r-${i}`, _return: true },
    requestID: `req-${i}-${who}`,
    eventID: `evt-${i.toString(36)}-${who.toString(36)}-${Math.floor(rnd() * 1e9).toString(36)}`,
    readOnly: ro,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${svc}.${region}.amazonaws.com` },
  };
}

export async function writeFiles(dir: string, events: number, perFile: number): Promise<number> {
  const rnd = prng(7);
  let t = Date.parse('2026-11-01T00:00:00Z');
  let files = 0;
  for (let written = 0; written < events; files++) {
    const n = Math.min(perFile, events - written);
    const day = new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');
    const sub = join(dir, 'AWSLogs', '100000000000', 'CloudTrail', 'us-east-1', day);
    mkdirSync(sub, { recursive: true });
    const gz = createGzip({ level: 6 });
    const out = createWriteStream(join(sub, `f${String(files).padStart(6, '0')}.json.gz`));
    gz.pipe(out);
    const done = new Promise<void>((r) => out.on('finish', () => r()));
    gz.write('{"Records":[');
    for (let k = 0; k < n; k++) {
      t += 250;
      const chunk = `${k ? ',' : ''}${JSON.stringify(record(rnd, written + k, t))}`;
      if (!gz.write(chunk)) await new Promise<void>((r) => gz.once('drain', () => r()));
    }
    gz.end(']}');
    await done;
    written += n;
  }
  return files;
}

/** `--stage=`: the whole ingest, or the pipeline cut after one stage (or with one judge alone) for per-stage figures. */
const STAGES = ['all', 'gunzip', 'read', 'normalise', 'detectors', 'sigma', 'baselines'] as const;
type Stage = (typeof STAGES)[number];

/**
 * One stage of the pipeline without the ingest's bookkeeping: reading (gunzip, scanner, JSON.parse),
 * plus normalise, plus one judge (detectors, Sigma or baselines) alone. Hits are counted, not turned
 * into findings.
 */
async function runStage(
  stage: Exclude<Stage, 'all'>,
  setEvents: number,
  dir: string,
  deps: ActivityDeps,
  detectors: readonly DetectorUnit<any>[],
  sigma: SigmaSet | undefined,
) {
  let events = 0;
  let hits = 0;
  if (stage === 'gunzip') {
    // Events are known from the set's stamp; only the bytes pass through here.
    let bytes = 0;
    for (const obj of await listLocal(dir)) for await (const chunk of maybeGunzip(await obj.open())) bytes += chunk.length;
    return { events: setEvents, hits: 0, bytes };
  }
  const judge: ((e: AuditEvent) => number) | undefined =
    stage === 'detectors'
      ? (
          (engine) => (e: AuditEvent) =>
            engine.push(e).length
        )(new ActivityEngine(bindDetectors(detectors, deps)))
      : stage === 'sigma' && sigma
        ? (
            (runner) => (e: AuditEvent) =>
              runner.push(e).length
          )(new SigmaRunner(sigma))
        : stage === 'baselines'
          ? (
              (b) => (e: AuditEvent) =>
                b.push(e) ? 1 : 0
            )(new Baselines({ geo: deps.geo, learningMs: 2 * 86_400_000, threshold: 50, sensitiveActions: DEFAULT_SENSITIVE_ACTIONS }))
          : undefined;
  for (const obj of await listLocal(dir))
    for await (const batch of readObjectBatches(obj))
      for (const item of batch) {
        if (!item.ok) continue;
        events++;
        if (stage === 'read') continue;
        const e = normaliseCloudTrail(item.value);
        if (judge) hits += judge(e);
      }
  return { events, hits };
}

export async function run(args: string[]): Promise<BenchResult> {
  const stage = (args.find((a) => a.startsWith('--stage='))?.slice('--stage='.length) ?? 'all') as Stage;
  if (!STAGES.includes(stage)) throw new Error(`bad --stage ${JSON.stringify(stage)}; one of ${STAGES.join(', ')}`);
  const arg = args.find((a) => a.startsWith('--events='))?.slice('--events='.length);
  const events = Number(arg ?? process.env.SKYWATCH_BENCH_CLOUDTRAIL_EVENTS ?? 200_000);
  if (!Number.isInteger(events) || events <= 0) throw new Error(`bad event count ${JSON.stringify(arg ?? process.env.SKYWATCH_BENCH_CLOUDTRAIL_EVENTS)}`);
  const perFile = Number(process.env.SKYWATCH_BENCH_CLOUDTRAIL_PER_FILE ?? 10_000);
  const keep = process.env.SKYWATCH_BENCH_CLOUDTRAIL_DIR;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'bench-ct-'));
  try {
    const tGen = Date.now();
    const stamp = join(dir, 'bench-events.txt');
    const reuse = !!keep && existsSync(stamp) && readFileSync(stamp, 'utf8') === `${events}/${perFile}`;
    if (keep && !reuse) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    const files = reuse ? Math.ceil(events / perFile) : await writeFiles(dir, events, perFile);
    if (keep && !reuse) writeFileSync(stamp, `${events}/${perFile}`);
    const genSeconds = (Date.now() - tGen) / 1000;
    const sigmaDir = resolve(import.meta.dirname, '../../shared/data/sigma-cloud-rules/rules/cloud/aws');
    const sigma = existsSync(sigmaDir) ? await loadSigmaDirs([sigmaDir]) : undefined;
    const detectors = loadDetectors();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    // Peak RSS per million events processed: flat memory means these stay level as input grows.
    const peakByMillion: Record<string, number> = {};
    let million = 1;
    const timer = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      peakByMillion[`${million}M`] = Math.max(peakByMillion[`${million}M`] ?? 0, Math.round(rss / 1024 / 1024));
    }, 50);
    // Garbage collection by kind: survival of per-event objects shows up as minor-GC time.
    const gc = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
    const obs = new PerformanceObserver((list) => {
      for (const en of list.getEntries()) {
        const kind = (en as unknown as { detail?: { kind?: number } }).detail?.kind;
        if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
          gc.minor++;
          gc.minorMs += en.duration;
        } else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
          gc.major++;
          gc.majorMs += en.duration;
        }
      }
    });
    obs.observe({ entryTypes: ['gc'] });
    const gcFigures = () => ({ minorGcs: gc.minor, minorGcMs: Math.round(gc.minorMs), majorGcs: gc.major, majorGcMs: Math.round(gc.majorMs) });
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const deps: ActivityDeps = {
      intel: NO_INTEL,
      geo: { lookup: (ip) => ({ country: ip.startsWith('1') ? 'US' : 'GB', asn: 64500 + (ip.charCodeAt(0) % 7) }) },
    };
    if (stage !== 'all') {
      const r = await runStage(stage, events, dir, deps, detectors, sigma);
      const cpu = process.cpuUsage(cpu0);
      clearInterval(timer);
      obs.disconnect();
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      return {
        name: 'cloudtrail',
        stage,
        events: r.events,
        hits: r.hits,
        ...('bytes' in r && { decompressedBytes: r.bytes }),
        cpuSeconds: Number(cpuSeconds.toFixed(2)),
        eventsPerCpuSecond: Math.round(r.events / cpuSeconds),
        peakRssMB: Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024),
        rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
        ...gcFigures(),
      };
    }
    const s: IngestSummary = await ingestCloudTrail({
      target: { kind: 'local', path: dir },
      deps,
      detectors,
      ...(sigma && { sigma }),
      baselines: { enabled: true, learningMs: 2 * 86_400_000, threshold: 50 },
      checkpointEvery: 50_000,
      onFlush: (sum) => {
        million = Math.floor(sum.events / 1_000_000) + 1;
      },
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    obs.disconnect();
    peak = Math.max(peak, process.memoryUsage().rss);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      name: 'cloudtrail',
      events: s.events,
      files,
      badRecords: s.badRecords,
      sigmaRules: sigma?.rules.length ?? 0,
      builtinDetectors: detectors.filter((d) => d.source === 'aws-cloudtrail').length,
      identities: s.identities,
      findings: s.findings.created,
      findingsByRule: Object.fromEntries(
        Object.entries(s.findings.byRule)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8),
      ),
      wallSeconds: Number(wall.toFixed(2)),
      eventsPerSecond: Math.round(s.events / wall),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      eventsPerCpuSecond: Math.round(s.events / cpuSeconds),
      peakRssMB: Math.round(peak / 1024 / 1024),
      ...gcFigures(),
      rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      peakRssMBByMillion: peakByMillion,
      generateSeconds: Number(genSeconds.toFixed(1)),
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
