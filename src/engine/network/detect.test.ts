import { describe, expect, it } from 'vitest';
import type { AttributedResource, FlowEvent } from '../../core/network-events.js';
import { flowEvidence } from '../../core/network-events.js';
import { type DetectorHit, type DetectorUnit, defineDetector } from '../../core/units/detector.js';
import adminPort from '../../providers/aws/detectors/aws-vpc-flow-admin-port-from-internet.detector.js';
import inboundListed from '../../providers/aws/detectors/aws-vpc-flow-inbound-from-listed-address.detector.js';
import { FIX_T0, flowEvent, listed } from '../../providers/aws/detectors/network-helpers.js';
import { toJson } from '../../store/json.js';
import { NetworkDetection } from './detect.js';

/**
 * How hits fold into findings, written out plainly (a map of aggregates by detector and key, each
 * hit read in full): the reference the engine's folding — numbered keys in a typed table, the
 * window and severity on the aggregate, details merged in place between drains — must match.
 */
const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
interface RefAgg {
  unit: DetectorUnit;
  title: string;
  severity: DetectorHit['severity'];
  start: number;
  end: number;
  details?: Record<string, unknown>;
  count: number;
  bytes: number;
  packets: number;
  ports: number[];
  records: unknown[];
  resource?: string;
  res?: AttributedResource;
  peer?: string;
  intel?: unknown;
  geo?: unknown;
  dirty: boolean;
}

function reference(detectors: DetectorUnit<FlowEvent>[], events: FlowEvent[], drainAt: ReadonlySet<number>, maxRecords: number, maxPending: number) {
  const pending = new Map<string, RefAgg>();
  const states = detectors.map((d) => (d.logic.kind === 'stateful' ? d.logic.create() : undefined));
  // `generic`: a hit from a window or stateful detector, whose first hit's details (records and all) start the merge.
  const fold = (
    unit: DetectorUnit,
    key: string,
    title: string,
    severity: DetectorHit['severity'],
    start: number,
    end: number,
    evidence: FlowEvent[],
    details: Record<string, unknown> | undefined,
    generic: boolean,
  ) => {
    const id = `${unit.id}\u0000${key}`;
    let a = pending.get(id);
    if (!a) {
      a = { unit, title, severity, start, end, count: 0, bytes: 0, packets: 0, ports: [], records: [], dirty: true, ...(generic && details && { details }) };
      pending.set(id, a);
    } else {
      a.start = Math.min(a.start, start);
      a.end = Math.max(a.end, end);
      if (RANK[severity] > RANK[a.severity]) {
        a.severity = severity;
        a.title = title;
      }
    }
    a.count++;
    a.dirty = true;
    for (const e of evidence) {
      a.bytes += e.flow.bytes ?? 0;
      a.packets += e.flow.packets ?? 0;
      if (e.servicePort !== undefined && a.ports.length < 100 && !a.ports.includes(e.servicePort)) a.ports.push(e.servicePort);
      a.resource ??= e.resource?.id;
      a.res ??= e.resource;
      a.geo ??= e.remoteGeo;
      a.peer ??= e.remote;
      a.intel ??= e.remoteIntel;
      if (a.records.length < maxRecords) a.records.push(flowEvidence(e));
    }
    if (details) {
      const { records: _, ...rest } = details;
      a.details = { ...a.details, ...rest };
    } else if (a.count === 1) a.details = {};
  };
  const drains: unknown[][] = [];
  const drain = () => {
    const out: unknown[] = [];
    for (const a of pending.values()) {
      if (!a.dirty) continue;
      a.dirty = false;
      const title =
        a.title === a.unit.title && a.peer
          ? `${a.title} from ${a.peer}${a.ports.length ? ` (${a.ports.length === 1 ? `port ${a.ports[0]}` : `${a.ports.length} ports`})` : ''}`
          : a.title;
      out.push({
        ruleId: a.unit.id,
        title,
        severity: a.severity,
        resourceId: a.resource ?? null,
        peer: a.peer,
        ports: a.ports.length ? [...a.ports].sort((x, y) => x - y) : undefined,
        bytes: a.bytes,
        packets: a.packets,
        hits: a.count,
        window: { start: new Date(a.start).toISOString(), end: new Date(a.end).toISOString() },
        intel: a.intel,
        details: structuredClone(a.details),
        records: structuredClone(a.records),
        // The evidence as the store writes it, encoded whole the plain way.
        evidenceText: JSON.stringify({
          ...(a.res && {
            resource: {
              id: a.res.id,
              type: a.res.type,
              name: a.res.name,
              securityGroups: a.res.securityGroups,
              public: a.res.public,
              ...(a.res.eni && { eni: a.res.eni }),
            },
          }),
          ...(a.peer && { peer: a.peer }),
          ...(a.ports.length && { ports: [...a.ports].sort((x, y) => x - y) }),
          bytes: a.bytes,
          packets: a.packets,
          hits: a.count,
          window: { start: new Date(a.start).toISOString(), end: new Date(a.end).toISOString() },
          ...(a.intel ? { intel: a.intel } : {}),
          ...(a.geo !== undefined && { geo: a.geo }),
          ...(a.details && { details: a.details }),
          records: a.records,
        }),
      });
    }
    if (pending.size >= maxPending) pending.clear();
    drains.push(out);
  };
  events.forEach((e, i) => {
    detectors.forEach((d, k) => {
      if (d.logic.kind === 'match') {
        const m = d.logic.match(e);
        if (!m) return;
        const extra = typeof m === 'object' ? m : undefined;
        const key = extra?.key ?? d.logic.key?.(e) ?? d.id;
        const title = extra?.title ?? d.logic.title?.(e) ?? d.title;
        fold(d, key, title, extra?.severity ?? d.severity, e.time, e.endTime ?? e.time, [e], extra?.details, false);
      } else for (const h of states[k]?.push(e) ?? []) fold(d, h.key, h.title, h.severity, h.start, h.end, h.evidence, h.details, true);
    });
    if (drainAt.has(i)) drain();
  });
  drain();
  return drains;
}

function engine(detectors: DetectorUnit<FlowEvent>[], events: FlowEvent[], drainAt: ReadonlySet<number>, maxRecords: number, maxPending: number) {
  const det = new NetworkDetection<FlowEvent>(detectors, { maxRecords, maxPending });
  const drains: unknown[][] = [];
  const drain = () =>
    drains.push(
      det.drain().map((f) => {
        const ev = f.evidence as Record<string, unknown>;
        // Copies: later merges must not reach what a drain handed out.
        return {
          ruleId: f.ruleId,
          title: f.title,
          severity: f.severity,
          resourceId: f.resourceId,
          peer: ev.peer,
          ports: ev.ports,
          bytes: ev.bytes,
          packets: ev.packets,
          hits: ev.hits,
          window: ev.window,
          intel: ev.intel,
          details: structuredClone(ev.details),
          records: structuredClone(ev.records),
          evidenceText: toJson(f.evidence),
        };
      }),
    );
  events.forEach((e, i) => {
    det.push(e);
    if (drainAt.has(i)) drain();
  });
  drain();
  return drains;
}

/** A match detector keyed by a number of every kind a `numKey` may give: negative, fractional, past 2^32, colliding. */
const oddKeys = defineDetector<FlowEvent>({
  id: 'test-odd-keys',
  title: 'Odd keys',
  description: 'test',
  source: 'aws-vpc-flow',
  severity: 'low',
  attack: [],
  logic: {
    kind: 'match',
    numKey: (e) => KEYS[(e.remotePort ?? 0) % KEYS.length],
    key: (e) => `k${KEYS[(e.remotePort ?? 0) % KEYS.length]}`,
    match: (e) => {
      const p = e.remotePort ?? 0;
      if (p % 5 === 0) return false;
      if (p % 3 === 0) return { severity: p % 2 ? 'high' : 'info', details: { p, records: ['dropped'], [`only${p % 4}`]: true } };
      return true;
    },
  },
  fixtures: { hit: [], miss: [] },
});
const KEYS = [
  0,
  1,
  64,
  128,
  -1,
  -0.5,
  2.5,
  2 ** 32,
  2 ** 32 + 64,
  2 ** 52 + 1,
  Number.MAX_SAFE_INTEGER,
  2 ** 60,
  ...Array.from({ length: 90 }, (_, i) => i * 4096),
];

/** A stateful detector whose hits carry several evidence events and details (the generic fold path). */
const bursts = defineDetector<FlowEvent>({
  id: 'test-bursts',
  title: 'Bursts',
  description: 'test',
  source: 'aws-vpc-flow',
  severity: 'medium',
  attack: [],
  logic: {
    kind: 'stateful',
    create() {
      let held: FlowEvent[] = [];
      return {
        push(e) {
          held.push({ ...e, flow: { ...e.flow } });
          if (held.length < 4) return [];
          const evidence = held;
          held = [];
          const sev = (e.remotePort ?? 0) % 7 === 0 ? 'critical' : 'medium';
          return [
            {
              detectorId: 'test-bursts',
              key: String((e.remotePort ?? 0) % 3),
              title: `Burst ${sev}`,
              severity: sev,
              start: e.time - 5000,
              end: e.endTime,
              evidence,
              details: { n: evidence.length, records: 'x' },
            },
          ];
        },
        flush: () => [],
      };
    },
  },
  fixtures: { hit: [], miss: [] },
});

function events(n: number, seed: number): FlowEvent[] {
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const remotes = ['93.174.95.106', '45.148.10.240', '198.51.100.7', '203.0.113.9'];
  return Array.from({ length: n }, () => {
    const remote = remotes[Math.floor(rnd() * remotes.length)] as string;
    const port = rnd() < 0.5 ? ([22, 3389, 443, 5432][Math.floor(rnd() * 4)] as number) : 1000 + Math.floor(rnd() * 150);
    const e = flowEvent({
      direction: rnd() < 0.8 ? 'inbound' : 'outbound',
      remote,
      port,
      remotePort: 40000 + Math.floor(rnd() * 20000),
      at: FIX_T0 + Math.floor(rnd() * 3600) * 1000,
      bytes: Math.floor(rnd() * 5000),
      action: rnd() < 0.1 ? 'REJECT' : 'ACCEPT',
      ...(rnd() < 0.7 && { intel: listed(remote, rnd() < 0.2 ? 'tor' : 'malicious') }),
    });
    // Some peers come with a place (a null one too), and some records with no resource.
    const g = rnd();
    if (g < 0.1) return { ...e, remoteGeo: g < 0.05 ? { country: 'DE', asn: 64500 } : null } as unknown as FlowEvent;
    return g < 0.2 ? { ...e, resource: undefined } : e;
  });
}

describe('folding hits into findings', () => {
  const detectors = [inboundListed, adminPort, oddKeys, bursts] as DetectorUnit<FlowEvent>[];
  it.each([
    { maxRecords: 20, maxPending: 5000 },
    { maxRecords: 3, maxPending: 5000 },
    { maxRecords: 2, maxPending: 7 },
  ])('matches the plain fold over repeats, drains and forgetting (%o)', ({ maxRecords, maxPending }) => {
    const evs = events(4000, maxRecords * 31 + maxPending);
    const drainAt = new Set([10, 11, 500, 1999, 2000, 3100]);
    const got = engine(detectors, evs, drainAt, maxRecords, maxPending);
    const want = reference(detectors, evs, drainAt, maxRecords, maxPending);
    expect(got.flat().length).toBeGreaterThan(50);
    expect(got).toEqual(want);
  });
});

describe('the evidence text a drain presets', () => {
  // A finding's evidence is encoded from its kept records' text plus what changed since the last
  // drain (`presetJson`); the store writes that text, which must be the whole object's encoding.
  it.each([
    { maxRecords: 20, maxPending: 5000 },
    { maxRecords: 3, maxPending: 7 },
  ])('is JSON.stringify of the evidence at every drain (%o)', ({ maxRecords, maxPending }) => {
    const detectors = [inboundListed, adminPort, oddKeys, bursts] as DetectorUnit<FlowEvent>[];
    const det = new NetworkDetection<FlowEvent>(detectors, { maxRecords, maxPending });
    const evs = events(4000, maxRecords * 17 + maxPending);
    let checked = 0;
    /** Every finding drained so far: later hits to its aggregate must not change what it holds. */
    const drained: { evidence: unknown }[] = [];
    const drain = () => {
      for (const f of det.drain()) {
        expect(toJson(f.evidence)).toBe(JSON.stringify(f.evidence));
        drained.push(f);
        checked++;
      }
    };
    evs.forEach((e, i) => {
      det.push(e);
      if (i % 97 === 0) drain();
    });
    drain();
    expect(checked).toBeGreaterThan(200);
    for (const f of drained) expect(toJson(f.evidence)).toBe(JSON.stringify(f.evidence));
  });
});
