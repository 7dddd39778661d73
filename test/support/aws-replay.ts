import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { ResourceRecord, EdgeRecord } from '../../src/core/resource.js';
import type { CollectContext, CollectorUnit } from '../../src/core/units/collector.js';
import { classifyAwsError, describeAwsError, isNotFound } from '../../src/providers/aws/errors.js';

/**
 * Replays Cloud Custodian's recorded boto3 responses (`aws_placebo/<test>/<service>.<Operation>_<n>.json`)
 * through aws-sdk-client-mock, so collector tests run the real `list` and hydrators against real
 * AWS answers. boto3 JSON uses the same PascalCase field names as SDK v3; only dates need converting.
 */
export const PLACEBO = resolve(import.meta.dirname, '../../../shared/data/cloud-custodian-recordings/aws_placebo');

export function placeboDir(test: string): string {
  const dir = join(PLACEBO, test);
  if (!existsSync(dir)) throw new Error(`recording ${dir} is missing: the shared data folder must sit next to the project (../shared/data)`);
  return dir;
}

/** boto3's `{"__class__": "datetime", year, month, …}` → Date; everything else as is. */
export function reviveBoto(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reviveBoto);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.__class__ === 'datetime') {
      const n = (k: string) => Number(o[k] ?? 0);
      return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), Math.floor(n('microsecond') / 1000)));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) if (k !== 'ResponseMetadata') out[k] = reviveBoto(x);
    return out;
  }
  return v;
}

/** An SDK-shaped service error (what the SDK throws for an AWS error response). */
export function awsError(code: string, message = code, status = 400): Error {
  const e = new Error(message) as Error & { $metadata: { httpStatusCode: number }; $fault: string; Code: string };
  e.name = code;
  e.Code = code;
  e.$fault = status >= 500 ? 'server' : 'client';
  e.$metadata = { httpStatusCode: status };
  return e;
}

const TOKENS = ['NextToken', 'nextToken', 'Marker', 'NextMarker', 'ContinuationToken', 'NextContinuationToken', 'nextMarker', 'position'];

function withoutToken(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const k of TOKENS) delete out[k];
  if ('IsTruncated' in out) out.IsTruncated = false;
  if ('Truncated' in out) out.Truncated = false;
  return out;
}

export type Recorded = { ok: true; data: unknown } | { ok: false; error: Error };

/** One recording file as a response or an error. */
export function readRecorded(file: string): Recorded {
  const j = JSON.parse(readFileSync(file, 'utf8')) as { status_code?: number; data?: Record<string, unknown> };
  const status = j.status_code ?? 200;
  if (status >= 300) {
    const err = (j.data?.Error ?? {}) as { Code?: string; Message?: string };
    return { ok: false, error: awsError(err.Code ?? `Http${status}`, err.Message ?? `HTTP ${status}`, status) };
  }
  return { ok: true, data: reviveBoto(j.data ?? {}) };
}

/**
 * Loads every `<prefix>.<Operation>_<n>.json` of a recording into the mock, in `n` order; the last
 * answer repeats (as placebo does). Returns the operations it loaded.
 */
export function replay(mock: AwsClientStub<any>, sdk: Record<string, unknown>, test: string, prefix: string): string[] {
  const dir = placeboDir(test);
  const byOp = new Map<string, { n: number; file: string }[]>();
  for (const f of readdirSync(dir)) {
    const m = /^(.+)\.([A-Za-z0-9]+)_(\d+)\.json$/.exec(f);
    if (!m || m[1] !== prefix) continue;
    const list = byOp.get(m[2]!) ?? byOp.set(m[2]!, []).get(m[2]!)!;
    list.push({ n: Number(m[3]), file: join(dir, f) });
  }
  for (const [op, files] of byOp) {
    const cmd = sdk[`${op}Command`];
    if (!cmd) throw new Error(`${test}: no ${op}Command in the SDK module for ${prefix}`);
    files.sort((a, b) => a.n - b.n);
    let b = mock.on(cmd as never);
    const answers = files.map((f) => readRecorded(f.file));
    for (const a of answers) b = a.ok ? b.resolvesOnce(a.data as never) : b.rejectsOnce(a.error);
    // The last answer repeats, as placebo does, but without its continuation token: a recording
    // cut after a first page must end the listing, not loop on that page forever.
    const last = answers[answers.length - 1]!;
    if (last.ok) b.resolves(withoutToken(last.data) as never);
    else b.rejects(last.error);
  }
  return [...byOp.keys()];
}

/** A collection context for tests: real SDK clients (whose `send` the mocks replace), fake credentials. */
export function testContext(over: Partial<Pick<CollectContext, 'account' | 'region' | 'partition'>> & { wanted?: string[] } = {}): CollectContext {
  const region = over.region ?? 'us-east-1';
  const clients = new Map<unknown, unknown>();
  return {
    provider: 'aws',
    account: over.account ?? '123456789012',
    region,
    partition: over.partition ?? 'aws',
    wanted: new Set(over.wanted ?? []),
    client<T>(ctor: new (config: never) => T): T {
      let c = clients.get(ctor) as T | undefined;
      if (!c) {
        c = new ctor({ region, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' }, maxAttempts: 1 } as never);
        clients.set(ctor, c);
      }
      return c;
    },
  };
}

/** The `_errors` value of rule 3 in docs/resource-model.md, as the discovery engine writes it. */
export function hydrateErrorReason(err: unknown): string {
  const kind = classifyAwsError(err);
  return kind === 'error' ? `error: ${describeAwsError(err).slice(0, 200)}` : kind;
}

export interface CollectedAll {
  resources: ResourceRecord[];
  edges: EdgeRecord[];
}

/**
 * What the discovery engine does for one collector in one account/region, in miniature: list,
 * fetch every hydrated key (or the `wanted` ones), record per-key failures in `_errors`, normalise.
 */
export async function collect(c: CollectorUnit<any>, ctx: CollectContext, opts: { refresh?: string[] } = {}): Promise<CollectedAll> {
  const resources: ResourceRecord[] = [];
  const edges: EdgeRecord[] = [];
  const source = opts.refresh ? c.refresh!(opts.refresh, ctx) : c.list(ctx);
  for await (const raw of source) {
    const hydrated: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    let gone = false;
    for (const [key, h] of Object.entries(c.hydrate ?? {})) {
      if (ctx.wanted.size && !ctx.wanted.has(key)) continue;
      try {
        hydrated[key] = await h.fetch(raw, ctx);
      } catch (err) {
        // As the engine does: a "there is none" answer escaping a hydrator is a null, not an error.
        if (isNotFound(err)) {
          hydrated[key] = null;
          gone ||= h.goneWhenNotFound === true; // deleted between list and hydrate: dropped, as the engine does
        } else errors[key] = hydrateErrorReason(err);
      }
    }
    if (gone) continue;
    if (Object.keys(errors).length) hydrated._errors = errors;
    const out = c.toResource(raw, hydrated, ctx);
    resources.push(out.resource);
    edges.push(...(out.edges ?? []));
  }
  return { resources, edges };
}
