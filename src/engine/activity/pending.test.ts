import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/events.js';
import type { NewFinding } from '../../core/finding.js';
import { type Severity, maxSeverity } from '../../core/severity.js';
import type { DetectorHit } from '../../core/units/detector.js';
import { BEHAVIOUR_RULE_ID } from './baselines.js';
import { MAX_EVIDENCE, hitGroup, hitToFinding, mergeFinding } from './engine.js';
import { hold } from '../../providers/aws/detectors/common.js';
import { PendingFindings } from './pending.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');

function event(i: number, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `ev-${i}`,
    time: T0 + i * 1000,
    provider: 'aws',
    account: '111122223333',
    region: i % 3 ? 'eu-west-1' : 'us-east-1',
    service: 'sts',
    action: 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    readOnly: true,
    actor: {
      type: 'iam-user',
      arn: `arn:aws:iam::111122223333:user/u${i % 2}`,
      identity: 'arn:aws:iam::111122223333:user/u',
      name: `u${i % 2}`,
      client: 'cli',
    },
    ...(i % 4 === 0 && { sourceIp: '198.51.100.7', userAgent: 'aws-cli/2' }),
    ...(i % 5 === 0 && { errorCode: 'AccessDenied' }),
    requestParameters: null,
    responseElements: null,
    resources: [{ type: 'aws.iam.role', id: 'arn:aws:iam::111122223333:role/r' }],
    raw: {},
    ...over,
  };
}

const attackOf = (id: string) => (id === BEHAVIOUR_RULE_ID ? ['T1078'] : ['T1550']);

/** The finding-object path every hit took before (build, then merge; full evidence only moves the end). */
function reference(hits: DetectorHit<AuditEvent>[]): NewFinding[] {
  const pending = new Map<string, NewFinding>();
  const lateEnd = new Map<string, number>();
  const settle = (f: NewFinding, end: number) => {
    const iso = new Date(end).toISOString();
    if (iso > f.seenAt) {
      f.seenAt = iso;
      (f.evidence.window as { end: string }).end = iso;
    }
  };
  for (const h of hits) {
    const group = hitGroup(h);
    const prev = pending.get(group);
    if (prev && (prev.evidence.events as unknown[]).length >= MAX_EVIDENCE && h.detectorId !== BEHAVIOUR_RULE_ID) {
      prev.severity = maxSeverity(prev.severity, h.severity);
      if (h.end > (lateEnd.get(group) ?? Number.NEGATIVE_INFINITY)) lateEnd.set(group, h.end);
      continue;
    }
    const f = hitToFinding(h, attackOf(h.detectorId), prev?.dedupKey as string | undefined);
    pending.set(group, prev ? mergeFinding(prev, f) : f);
  }
  for (const [group, end] of lateEnd) settle(pending.get(group) as NewFinding, end);
  return [...pending.values()];
}

describe('PendingFindings', () => {
  it('builds at the flush the same findings as merging a finding object per hit', () => {
    const severities: Severity[] = ['low', 'medium', 'high', 'low', 'critical'];
    const hits: DetectorHit<AuditEvent>[] = [];
    for (let i = 0; i < 200; i++) {
      // Two rules and three keys; some hits carry several events (correlations), some repeat an event,
      // some arrive out of time order.
      const n = i % 7 === 0 ? 3 : 1;
      const evidence = Array.from({ length: n }, (_, k) => event(i % 11 === 0 ? i - 1 - k : i + k));
      const end = (evidence[evidence.length - 1] as AuditEvent).time - (i % 9 === 0 ? 60_000 : 0);
      hits.push({
        detectorId: i % 2 ? 'sigma-a' : 'aws-cloudtrail-b',
        key: `k${i % 3}`,
        title: `title ${i}`,
        severity: severities[i % severities.length] as Severity,
        start: (evidence[0] as AuditEvent).time,
        end,
        evidence,
        ...(i % 6 === 0 && { details: { n: i } }),
      });
    }
    const p = new PendingFindings(attackOf);
    for (const h of hits) p.add(h);
    expect(p.size).toBe(6);
    const got = p.drain();
    expect(got).toEqual(reference(hits));
    expect(JSON.stringify(got)).toBe(JSON.stringify(reference(hits)));
    expect(p.size).toBe(0);
    expect(got.every((f) => (f.evidence.events as unknown[]).length === MAX_EVIDENCE)).toBe(true);
  });

  it('shows an event a detector held this round through the held copy, with the same texts', () => {
    const hits: DetectorHit<AuditEvent>[] = [];
    for (let i = 0; i < 60; i++) {
      const e = event(i, i % 3 === 0 ? { region: 'ap-southeast-1', userAgent: `ua-${i % 2}`, sourceIp: '2001:db8::1' } : {});
      hits.push({ detectorId: i % 2 ? 'sigma-a' : 'aws-cloudtrail-b', key: 'k', title: 't', severity: 'low', start: e.time, end: e.time, evidence: [e] });
    }
    const p = new PendingFindings(attackOf);
    for (const [i, h] of hits.entries()) {
      // As in the engine: a detector holds the event, then its hits are added.
      if (i % 2 === 0) hold(h.evidence[0] as AuditEvent);
      p.add(h);
    }
    expect(JSON.stringify(p.drain())).toBe(JSON.stringify(reference(hits)));
  });

  it('keeps apart the groups of one rule and key on several resources and accounts', () => {
    const hits: DetectorHit<AuditEvent>[] = [];
    for (let i = 0; i < 60; i++) {
      // Same rule and key; the resource (or none: the identity stands in) and the account vary.
      const resources = i % 3 === 0 ? [] : [{ type: 'aws.s3.bucket', id: `arn:aws:s3:::b${i % 3}` }];
      const e = event(i, { resources, account: i % 4 === 0 ? '444455556666' : '111122223333' });
      hits.push({ detectorId: 'sigma-a', key: 'k', title: `t${i}`, severity: 'low', start: e.time, end: e.time, evidence: [e] });
      // A second rule firing on the same event shares its evidence.
      if (i % 5 === 0) hits.push({ detectorId: 'sigma-b', key: 'k', title: 'u', severity: 'high', start: e.time, end: e.time, evidence: [e] });
    }
    const p = new PendingFindings(attackOf);
    for (const h of hits) p.add(h);
    const want = reference(hits);
    expect(p.size).toBe(want.length);
    expect(want.length).toBeGreaterThan(6);
    expect(JSON.stringify(p.drain())).toBe(JSON.stringify(want));
  });

  it('matches the per-hit merge over many seeded hit streams, flush after flush', () => {
    // Random streams over few rules, keys, resources and accounts, so groups fill, split by
    // resource, repeat events (the same object or another with the same id), overflow the evidence
    // and come back in later flushes; some events are held by a detector first.
    const severities: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
    const resources = [
      [],
      [{ type: 'aws.s3.bucket', id: 'arn:aws:s3:::a' }],
      [{ id: 'i-0abc' }, { type: 'aws.s3.bucket', id: 'arn:aws:s3:::b' }],
      [{ id: 'i-0def' }],
    ];
    let x = 7;
    const rnd = (n: number) => {
      x = (x * 48271) % 2147483647;
      return x % n;
    };
    for (let seed = 0; seed < 40; seed++) {
      x = seed + 1;
      const made: AuditEvent[] = [];
      const next = (): AuditEvent => {
        const r = rnd(10);
        if (made.length && r < 2) return made[made.length - 1 - rnd(Math.min(made.length, 30))] as AuditEvent;
        const i = made.length;
        // Now and then another event object with an id already seen.
        const e = event(r === 2 && i ? rnd(i) : i, {
          resources: resources[rnd(resources.length)] as AuditEvent['resources'],
          account: rnd(5) ? '111122223333' : '444455556666',
          ...(rnd(3) === 0 && { region: 'ap-south-1', userAgent: `ua-${rnd(3)}` }),
        });
        made.push(e);
        return e;
      };
      const p = new PendingFindings(attackOf);
      for (let flush = 0; flush < 4; flush++) {
        const hits: DetectorHit<AuditEvent>[] = [];
        for (let i = rnd(300); i >= 0; i--) {
          const n = rnd(12) === 0 ? 1 + rnd(MAX_EVIDENCE + 6) : 1;
          const evidence = Array.from({ length: n }, next);
          const last = evidence[evidence.length - 1] as AuditEvent;
          const h: DetectorHit<AuditEvent> = {
            detectorId: ['sigma-a', 'sigma-b', 'aws-cloudtrail-c'][rnd(3)] as string,
            key: `k${rnd(4)}`,
            title: `t${rnd(5)}`,
            severity: severities[rnd(severities.length)] as Severity,
            start: (evidence[0] as AuditEvent).time - rnd(3) * 1000,
            end: last.time + (rnd(4) - 2) * 1000,
            evidence,
            ...(rnd(4) === 0 && { details: { n: rnd(9) } }),
          };
          hits.push(h);
          if (rnd(2)) hold(last);
          p.add(h);
        }
        expect(JSON.stringify(p.drain()), `seed ${seed} flush ${flush}`).toBe(JSON.stringify(reference(hits)));
      }
    }
  });

  it('keeps a few hits whole and merges behaviour anomalies factor by factor', () => {
    const hit = (i: number, factor: string): DetectorHit<AuditEvent> => ({
      detectorId: BEHAVIOUR_RULE_ID,
      key: 'id-day',
      title: `Unusual activity: ${factor}`,
      severity: 'medium',
      start: T0 + i,
      end: T0 + i,
      evidence: [event(i)],
      details: { score: 40 + i, factors: [{ factor, explanation: `${factor} new` }] },
    });
    const few: DetectorHit<AuditEvent>[] = [
      { detectorId: 'sigma-a', key: 'k', title: 't', severity: 'low', start: T0, end: T0 + 1000, evidence: [event(1)] },
      { detectorId: 'sigma-a', key: 'k', title: 't2', severity: 'high', start: T0, end: T0 + 500, evidence: [event(1), event(2)] },
      hit(3, 'region'),
      hit(4, 'asn'),
    ];
    const p = new PendingFindings(attackOf);
    for (const h of few) p.add(h);
    const got = p.drain();
    expect(JSON.stringify(got)).toBe(JSON.stringify(reference(few)));
    expect(((got[0] as NewFinding).evidence.events as { eventId: string }[]).map((x) => x.eventId)).toEqual(['ev-1', 'ev-2']);
    expect(got[1]?.title).toBe('Unusual activity: region, asn');
  });
});
