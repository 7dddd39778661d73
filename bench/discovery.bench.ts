import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollectorUnit, defineCollector } from '../src/core/units/collector.js';
import { ClientFactory } from '../src/engine/discover/client-factory.js';
import { type Clock, realClock } from '../src/engine/discover/rate-budget.js';
import type { CallKey } from '../src/engine/discover/recording.js';
import { runDiscovery } from '../src/engine/discover/run.js';
import { openStore } from '../src/store/index.js';
import type { BenchResult } from './run.js';

/**
 * Discovery over a synthetic organisation served by a simulated AWS: every call waits
 * BENCH_LATENCY_MS (20), lists page by MaxResults/NextToken, and every collector is a stand-in with
 * the shape of the real ones (a paginated list, per-resource hydrators of which the checks want
 * about half). Measures wall time, API calls, calls per resource, peak RSS, and compares the wall
 * time with the floors the rate budget and the latency impose.
 *
 *   npm run bench -- discovery                                  # small: 10 accounts × 2 regions
 *   BENCH_ACCOUNTS=200 BENCH_REGIONS=4 npm run bench -- discovery   # the full figure
 *   BENCH_VIRTUAL_TIME=1 npm run bench -- discovery             # the schedule alone (see VirtualTime)
 */
const PAGE = 20;

interface Shape {
  regional: number;
  global: number;
}

/** Deterministic resource counts per (account, region, collector): mostly small, sometimes large, like real accounts. */
function count(account: number, region: number, collector: number, global: boolean): number {
  const h = Math.abs(Math.sin(account * 12.9898 + region * 78.233 + collector * 37.719) * 43758.5453) % 1;
  return global ? 10 + Math.floor(h * 50) : Math.floor(h * h * 40);
}

function collectorsFor(shape: Shape): CollectorUnit<any>[] {
  const out: CollectorUnit<any>[] = [];
  const n = shape.regional + shape.global;
  for (let c = 0; c < n; c++) {
    const global = c >= shape.regional;
    const svc = `Bench${c}`;
    // A named SDK-like client class per service, so each gets its own account × service budget.
    const ctor = {
      [`${svc}Client`]: class {
        constructor(readonly config: unknown) {}
        send(): Promise<unknown> {
          throw new Error('served by the transport');
        }
      },
    }[`${svc}Client`] as new (
      config: never,
    ) => { send(cmd: unknown): Promise<any> };
    class ListThingsCommand {
      constructor(readonly input: unknown) {}
    }
    class GetDetailCommand {
      constructor(readonly input: unknown) {}
    }
    class GetPolicyCommand {
      constructor(readonly input: unknown) {}
    }
    out.push(
      defineCollector<{ Id: string; Name: string }>({
        id: `bench-${c}`,
        resourceType: `aws.bench${c}.thing`,
        provider: 'aws',
        service: `bench${c}`,
        scope: global ? 'global' : 'regional',
        title: `synthetic ${c}`,
        permissions: [`bench${c}:ListThings`],
        async *list(ctx) {
          let token: string | undefined;
          do {
            const r = await ctx.client(ctor).send(new ListThingsCommand({ MaxResults: PAGE, ...(token && { NextToken: token }) }));
            yield* r.Items as { Id: string; Name: string }[];
            token = r.NextToken;
          } while (token);
        },
        hydrate: {
          detail: {
            permissions: [`bench${c}:GetDetail`],
            fetch: async (raw, ctx) => (await ctx.client(ctor).send(new GetDetailCommand({ Id: raw.Id }))).Detail,
          },
          policy: {
            permissions: [`bench${c}:GetPolicy`],
            fetch: async (raw, ctx) => (await ctx.client(ctor).send(new GetPolicyCommand({ Id: raw.Id }))).Policy,
          },
        },
        toResource: (raw, h, ctx) => ({
          resource: {
            id: `arn:aws:bench${c}:${global ? '' : ctx.region}:${ctx.account}:thing/${raw.Id}`,
            type: `aws.bench${c}.thing`,
            provider: 'aws',
            account: ctx.account,
            region: global ? 'global' : ctx.region,
            name: raw.Name,
            tags: { team: 'bench' },
            config: { ...raw, ...h },
          },
          edges: [
            {
              from: `arn:aws:bench${c}:${global ? '' : ctx.region}:${ctx.account}:thing/${raw.Id}`,
              to: `arn:aws:iam::${ctx.account}:role/r${raw.Id.length % 5}`,
              kind: 'has-role',
            },
          ],
        }),
        fixtures: [],
      }),
    );
  }
  return out;
}

/**
 * Simulated time for the latency and the rate budget: the clock jumps to the next timer whenever
 * the process has nothing else to do, so CPU work takes no simulated time. The wall figures then
 * measure the schedule alone — what the scan would take on an idle, infinitely fast machine — which
 * a machine shared with other CPU-heavy work cannot show (there the scan waits for CPU, not tokens).
 */
class VirtualTime implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers: { at: number; seq: number; fire: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((fire) => {
      const at = this.t + Math.max(0, ms);
      const timer = { at, seq: this.seq++, fire };
      // Sorted insert from the end: most timers are later than the ones already waiting.
      let i = this.timers.length;
      while (i > 0 && (this.timers[i - 1] as (typeof timers)[number]).at > at) i--;
      const timers = this.timers;
      timers.splice(i, 0, timer);
    });
  }
  /** Runs `work` to its end, advancing the clock each time the process settles. */
  async drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const out = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (done) break;
      const first = this.timers[0];
      if (!first) {
        // Nothing simulated pending: real I/O is; let it happen.
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      this.t = first.at;
      while (this.timers.length && (this.timers[0] as (typeof this.timers)[number]).at <= this.t) this.timers.shift()?.fire();
    }
    return out;
  }
}

/**
 * When each account × service bucket spent its tokens. A bucket's own floor is the time its calls
 * need at the budget's rate beyond the burst; the scan reaches the floor only if `concurrency`
 * buckets drain at that rate all the time. What the report separates:
 * - `drainEfficiency`: the floor's bucket-seconds over (wall × concurrency), 1 at the floor;
 * - `openBucketsAvg`: buckets between their first and last call, on average (the floor assumes
 *   `concurrency` of them, each draining);
 * - `excessSeconds`: summed over buckets, time open beyond their own floor (a bucket waiting on
 *   latency, on its own lanes, or on a slot while half-done);
 * - `bootstrapMs`: until the first collector call;
 * - `tailMs`: from the last time `concurrency` buckets were open to the end (the ordering tail);
 * - `critical`: the bucket that finished last, and the buckets with the largest excess.
 */
class BucketTimeline {
  private readonly b = new Map<string, { first: number; last: number; calls: number; maxGap: number }>();
  call(key: string, t: number): void {
    const x = this.b.get(key);
    if (!x) this.b.set(key, { first: t, last: t, calls: 1, maxGap: 0 });
    else {
      x.maxGap = Math.max(x.maxGap, t - x.last);
      x.last = t;
      x.calls++;
    }
  }
  report(t0: number, wallMs: number, rate: number, concurrency: number) {
    const rows = [...this.b].map(([key, x]) => {
      const floorMs = (Math.max(0, x.calls - rate) / rate) * 1000;
      const spanMs = x.last - x.first;
      return {
        key,
        startMs: Math.round(x.first - t0),
        endMs: Math.round(x.last - t0),
        calls: x.calls,
        floorMs,
        spanMs,
        excessMs: Math.max(0, spanMs - floorMs),
        maxGapMs: Math.round(x.maxGap),
      };
    });
    const floorSum = rows.reduce((n, r) => n + r.floorMs, 0);
    const spanSum = rows.reduce((n, r) => n + r.spanMs, 0);
    // Open buckets over time, from start/end events.
    const ev = rows.flatMap((r) => [[r.startMs, 1] as const, [r.endMs, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let lastFull = 0;
    for (const [t, d] of ev) {
      open += d;
      if (open >= concurrency) lastFull = t;
    }
    const last = rows.reduce(
      (a, r) => (r.endMs > a.endMs ? r : a),
      rows[0] ?? { key: '', startMs: 0, endMs: 0, calls: 0, floorMs: 0, spanMs: 0, excessMs: 0, maxGapMs: 0 },
    );
    const fmt = (r: (typeof rows)[number]) => ({
      key: r.key,
      startMs: r.startMs,
      endMs: r.endMs,
      calls: r.calls,
      floorMs: Math.round(r.floorMs),
      spanMs: Math.round(r.spanMs),
      maxGapMs: r.maxGapMs,
    });
    return {
      // Before the first collector call: identity, accounts, regions, planning.
      bootstrapMs: rows.reduce((m, r) => Math.min(m, r.startMs), Number.POSITIVE_INFINITY),
      drainEfficiency: Number((floorSum / Math.max(1, wallMs * concurrency)).toFixed(2)),
      openBucketsAvg: Number((spanSum / Math.max(1, wallMs)).toFixed(1)),
      excessSeconds: Math.round(rows.reduce((n, r) => n + r.excessMs, 0) / 1000),
      tailMs: Math.round(wallMs - lastFull),
      critical: fmt(last),
      worstExcess: rows
        .sort((a, b) => b.excessMs - a.excessMs)
        .slice(0, 3)
        .map(fmt),
    };
  }
}

export async function run(): Promise<BenchResult> {
  const accounts = Number(process.env.BENCH_ACCOUNTS ?? 10);
  const regionsN = Number(process.env.BENCH_REGIONS ?? 2);
  const latency = Number(process.env.BENCH_LATENCY_MS ?? 20);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
  const rate = Number(process.env.BENCH_RATE ?? 10);
  const shape: Shape = { regional: Number(process.env.BENCH_REGIONAL_COLLECTORS ?? 24), global: Number(process.env.BENCH_GLOBAL_COLLECTORS ?? 6) };
  const allRegions = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2', 'eu-central-1', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'];
  const regions = allRegions.slice(0, regionsN);
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  const collectors = collectorsFor(shape);
  // The checks want about half of the hydrated fields: one of the two on every other type.
  const wanted = collectors.flatMap((c, i) => (i % 2 === 0 ? [`${c.resourceType}:detail`] : []));

  const virtual = new VirtualTime();
  const clock: Clock = process.env.BENCH_VIRTUAL_TIME ? virtual : realClock;
  const nowMs = () => (clock === virtual ? virtual.now() : performance.now());
  const listed = new Map<string, number>();
  let inFlight = 0;
  let peakInFlight = 0;
  let timeline = new BucketTimeline();
  const transport = async (call: CallKey, input: unknown): Promise<unknown> => {
    // Called once the budget let the call go: the moment it spends its bucket's token.
    if (call.service.startsWith('bench')) timeline.call(`${call.account}/${call.service}`, nowMs());
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    await clock.sleep(latency);
    inFlight--;
    const i = input as { MaxResults?: number; NextToken?: string; Id?: string };
    switch (call.command) {
      case 'GetCallerIdentity':
        return { Account: ids[0], Arn: `arn:aws:iam::${ids[0]}:user/bench` };
      case 'ListAccounts': {
        const start = Number(i.NextToken ?? 0);
        const page = ids.slice(start, start + 20);
        return { Accounts: page.map((Id) => ({ Id, Name: `acct-${Id}`, State: 'ACTIVE' })), ...(start + 20 < ids.length && { NextToken: String(start + 20) }) };
      }
      case 'ListRoots':
        return { Roots: [{ Id: 'r-bench' }] };
      case 'ListOrganizationalUnitsForParent':
        return { OrganizationalUnits: [] };
      case 'ListChildren':
        return { Children: ids.map((Id) => ({ Id, Type: 'ACCOUNT' })) };
      case 'ListTagsForResource':
        return { Tags: [{ Key: 'env', Value: 'bench' }] };
      case 'DescribeRegions':
        return { Regions: regions.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })) };
      case 'ListThings': {
        const c = Number(call.service.replace('bench', ''));
        const global = c >= shape.regional;
        const n = count(ids.indexOf(call.account), regions.indexOf(call.region), c, global);
        const start = Number(i.NextToken ?? 0);
        const size = Math.min(i.MaxResults ?? PAGE, n - start);
        listed.set(call.service, (listed.get(call.service) ?? 0) + Math.max(0, size));
        const items = Array.from({ length: Math.max(0, size) }, (_, k) => ({
          Id: `t-${c}-${start + k}`,
          Name: `thing ${start + k}`,
          CreatedAt: '2026-11-01T00:00:00.000Z',
          Settings: { a: k % 3, b: 'x'.repeat(40) },
        }));
        return { Items: items, ...(start + size < n && { NextToken: String(start + size) }) };
      }
      case 'GetDetail':
        return { Detail: { Id: i.Id, Encrypted: true, Rules: [{ From: 443, To: 443, Cidr: '10.0.0.0/8' }] } };
      case 'GetPolicy':
        return { Policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' } }] } };
      default:
        return {};
    }
  };

  const home = mkdtempSync(join(tmpdir(), 'sw-bench-disc-'));
  const store = process.env.BENCH_MEMORY_STORE ? await openStore({ sqliteFile: ':memory:' }) : await openStore({ home });
  const factory = new ClientFactory({ transport, rate: { perSecond: rate }, clock });
  const scan = () => {
    const work = runDiscovery({
      store,
      factory,
      collectors,
      wanted,
      concurrency,
      assumeRole: 'SkywatchAudit',
      credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' }),
      regions: 'all',
    });
    return clock === virtual ? virtual.drive(work) : work;
  };
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  const s = await scan();
  const wallMs = nowMs() - t0;
  const cpu0 = process.cpuUsage(c0);
  const firstTimeline = timeline.report(t0, wallMs, rate, concurrency);
  timeline = new BucketTimeline();
  // The steady state: a rescan where nothing changed (the store only moves last_seen).
  const firstCalls = s.api.calls;
  const firstByService = { ...s.api.byService };
  const c1 = process.cpuUsage();
  const t1 = nowMs();
  const again = await scan();
  const rescanMs = nowMs() - t1;
  const cpu1 = process.cpuUsage(c1);
  const rescanTimeline = timeline.report(t1, rescanMs, rate, concurrency);
  await store.close();
  rmSync(home, { recursive: true, force: true });

  const resources = s.resources.total;
  // List calls: one per page per (account, region, collector).
  let pages = 0;
  for (const a of ids.keys())
    for (const c of collectors.keys()) {
      const global = c >= shape.regional;
      for (const r of global ? [0] : regions.keys()) pages += Math.max(1, Math.ceil(count(a, r, c, global) / PAGE));
    }
  const collectorCalls = Object.entries(firstByService)
    .filter(([k]) => k.startsWith('bench'))
    .reduce((n, [, v]) => n + v, 0);
  // Floors: the rate budget (per account × service; the busiest bucket bounds the scan) and latency × parallelism.
  const perBucket = new Map<string, number>();
  for (const a of ids)
    for (const c of collectors.keys()) {
      const global = c >= shape.regional;
      let calls = 0;
      for (const r of global ? [0] : regions.keys()) {
        const n = count(ids.indexOf(a), r, c, global);
        calls += Math.max(1, Math.ceil(n / PAGE)) + (c % 2 === 0 ? n : 0);
      }
      perBucket.set(`${a}/${c}`, calls);
    }
  // The budget allows each account × service `rate` calls a second (after a burst of `rate`). With
  // `concurrency` work items at once, at most that many buckets drain in parallel, so the floor is
  // the busiest bucket or the total bucket-time shared by the parallel slots, whichever is larger.
  const bucketSeconds = [...perBucket.values()].map((n) => Math.max(0, n - rate) / rate);
  const busiestMs = Math.max(...bucketSeconds) * 1000;
  const sharedMs = (bucketSeconds.reduce((a, b) => a + b, 0) / concurrency) * 1000;
  const budgetFloorMs = Math.max(busiestMs, sharedMs);
  return {
    name: 'discovery',
    // Simulated time: wall figures are the schedule alone (CPU took no time).
    virtualTime: clock === virtual,
    accounts,
    regions: regionsN,
    collectors: collectors.length,
    latencyMs: latency,
    concurrency,
    ratePerSecondPerAccountService: rate,
    status: s.status,
    resources,
    apiCalls: firstCalls,
    listCalls: pages,
    hydrateCalls: collectorCalls - pages,
    callsPerResource: Number((collectorCalls / Math.max(1, resources)).toFixed(3)),
    callsPerResourceBeyondList: Number(((collectorCalls - pages) / Math.max(1, resources)).toFixed(3)),
    throttled: s.api.throttled,
    gaps: s.gaps.length,
    wallMs: Math.round(wallMs),
    rescanWallMs: Math.round(rescanMs),
    rescanStatus: again.status,
    rescanChanges: again.changes,
    budgetFloorMs: Math.round(budgetFloorMs),
    busiestBucketMs: Math.round(busiestMs),
    wallVsBudgetFloor: Number((wallMs / Math.max(1, budgetFloorMs)).toFixed(2)),
    rescanVsBudgetFloor: Number((rescanMs / Math.max(1, budgetFloorMs)).toFixed(2)),
    latencyFloorMs: Math.round((s.api.calls * latency) / Math.max(1, peakInFlight)),
    peakCallsInFlight: peakInFlight,
    // CPU seconds this process used per scan: when close to the wall time, the scan was CPU-bound
    // (on a shared machine, by what it was given), not waiting on the budget.
    cpuSeconds: Number(((cpu0.user + cpu0.system) / 1e6).toFixed(1)),
    rescanCpuSeconds: Number(((cpu1.user + cpu1.system) / 1e6).toFixed(1)),
    rescanCpuPerResourceUs: Math.round((cpu1.user + cpu1.system) / Math.max(1, resources)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    // Where each scan lost time against the floor (see BucketTimeline.report).
    firstBuckets: firstTimeline,
    rescanBuckets: rescanTimeline,
  };
}
