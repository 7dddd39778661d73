import { describe, expect, it } from 'vitest';
import { runDetector, startDetector } from '../../../core/units/detector.js';
import { evidenceEvent, findingResource } from '../../../engine/activity/engine.js';
import enumeration from './aws-cloudtrail-enumeration-burst.detector.js';
import exfiltration from './aws-cloudtrail-instance-credentials-exfiltration.detector.js';
import secrets from './aws-cloudtrail-secrets-mass-retrieval.detector.js';
import { addressKey, addressText, ct, type Ev, hold, ROOT, role, unhold, user } from './common.js';

describe('hold / unhold', () => {
  it('keeps what a finding shows of a held event', () => {
    const e = ct({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'StopInstances',
      sourceIPAddress: '203.0.113.60',
      errorCode: 'UnauthorizedOperation',
      userIdentity: role('mongo-app', 'i-0a1b2c3d4e5f60003'),
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-0a1b2c3d4e5f60003' }] } },
    });
    const back = unhold(hold(e));
    expect(evidenceEvent(back)).toEqual(evidenceEvent(e));
    expect(findingResource(back)).toEqual(findingResource(e));
    expect(back.actor).toMatchObject({ type: 'assumed-role', identity: e.actor.identity, name: e.actor.name, sessionName: 'i-0a1b2c3d4e5f60003' });
    expect(back.raw).toEqual({});
  });

  it('gives back the address, region, action and resource of each held event as the event had them', () => {
    const events = [
      ct({ eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl', sourceIPAddress: '255.255.255.254', requestParameters: { bucketName: 'b1' } }),
      ct({
        eventSource: 's3.amazonaws.com',
        eventName: 'GetBucketAcl',
        sourceIPAddress: '2001:db8::9',
        awsRegion: 'ap-southeast-1',
        requestParameters: { bucketName: 'b1' },
      }),
      // The same ARN under another type (as a record's own resources list may name it): kept apart.
      ct({ eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl', resources: [{ ARN: 'arn:aws:s3:::b1', type: 'AWS::S3::Bucket' }] }),
      ct({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', sourceIPAddress: undefined }),
    ];
    const held = events.map((e) => hold(e));
    for (const [i, e] of events.entries()) {
      const back = unhold(held[i] as ReturnType<typeof hold>);
      expect(evidenceEvent(back)).toEqual(evidenceEvent(e));
      expect(back.resources).toEqual(e.resources.slice(0, 1));
      expect(back.sourceIp).toBe(e.sourceIp);
    }
  });

  it('reports a held instance session with its own event as evidence when a person shows up on its address', () => {
    const instance = ct({
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      sourceIPAddress: '203.0.113.61',
      userIdentity: role('app', 'i-0a1b2c3d4e5f60004'),
    });
    const person = ct({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', sourceIPAddress: '203.0.113.61', userIdentity: user('mallory') });
    const hits = runDetector(exfiltration, [instance, person]);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence.map(evidenceEvent)).toEqual([evidenceEvent(instance)]);
    expect(hits[0]?.details).toMatchObject({ reason: `address also used by ${person.actor.identity}`, instance: 'i-0a1b2c3d4e5f60004' });
  });
});

describe('held evidence in windowed detectors', () => {
  // Enumeration bursts and distinct-value bursts hold their evidence flat (`hold`): what a finding
  // shows of it must be the events' own, straight through and across a checkpoint.
  const cases = [enumeration, secrets];
  for (const d of cases)
    it(`${d.id}: hit evidence shows the events themselves, also when resumed from a snapshot`, () => {
      const events = d.fixtures.hit[0]?.events ?? [];
      const byId = new Map(events.map((e) => [e.id, e]));
      const straight = runDetector(d, events);
      expect(straight.length).toBeGreaterThan(0);
      for (const h of straight) {
        expect(h.evidence.length).toBeGreaterThan(0);
        for (const x of h.evidence) {
          expect(evidenceEvent(x)).toEqual(evidenceEvent(byId.get(x.id) as Ev));
          expect(findingResource(x)).toEqual(findingResource(byId.get(x.id) as Ev));
        }
      }
      const cut = Math.floor(events.length / 2);
      const a = startDetector(d);
      const hits = events.slice(0, cut).flatMap((e) => a.push(e));
      const b = startDetector(d);
      b.restore?.(JSON.parse(JSON.stringify(a.snapshot?.())));
      hits.push(...events.slice(cut).flatMap((e) => b.push(e)));
      const shape = (hs: typeof hits) =>
        hs.map((h) => ({ key: h.key, title: h.title, start: h.start, end: h.end, details: h.details, evidence: h.evidence.map(evidenceEvent) }));
      expect(shape(hits)).toEqual(shape(straight));
    });
});

describe('enumeration windows dropped by the sweep and reused', () => {
  it('judges an identity that comes back after its window was dropped as a fresh one', () => {
    const t0 = Date.parse('2026-11-18T10:00:00Z');
    const at = (ms: number) => new Date(ms).toISOString().replace('.000', '');
    const read = (who: string, ms: number, action: string) =>
      ct({ eventTime: at(ms), eventSource: 'ec2.amazonaws.com', eventName: action, readOnly: true, userIdentity: user(who) });
    const before = Array.from({ length: 8 }, (_, i) => read('alice', t0 + i * 1000, `DescribeOld${i}`));
    // Others' calls over the next hour: the sweeps (every 10,000 events) drop alice's window.
    const others = Array.from({ length: 10_000 }, (_, i) => read(`u${i % 50}`, t0 + 60_000 + i * 360, 'DescribeInstances'));
    const back = Array.from({ length: 30 }, (_, i) => read('alice', t0 + 4_000_000 + i * 1000, `DescribeNew${i}`));
    const hits = runDetector(enumeration, [...before, ...others, ...back]).filter((h) => h.key === before[0]?.actor.identity);
    const fresh = runDetector(enumeration, back);
    const shape = (hs: typeof hits) =>
      hs.map((h) => ({ start: h.start, end: h.end, details: h.details, title: h.title, evidence: h.evidence.map(evidenceEvent) }));
    expect(hits).toHaveLength(1);
    expect(shape(hits)).toEqual(shape(fresh));
  });
});

describe('instance-credentials detector state across a checkpoint', () => {
  it('keeps reported sessions and held sessions through snapshot and restore', () => {
    const session = (ip: string, n = 1) =>
      ct({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', sourceIPAddress: ip, userIdentity: role('app', `i-0a1b2c3d4e5f6000${n}`) });
    const person = (ip: string) => ct({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', sourceIPAddress: ip, userIdentity: user('mallory') });
    const a = startDetector(exfiltration);
    // Reported: a session from a non-AWS network (fixture geo), and one whose address a person used.
    expect(a.push(session('192.0.2.77'))).toHaveLength(1);
    a.push(person('203.0.113.70'));
    expect(a.push(session('203.0.113.70', 2))).toHaveLength(1);
    // Held: a session waiting for a person on its address.
    const waiting = session('203.0.113.71', 3);
    expect(a.push(waiting)).toHaveLength(0);
    const b = startDetector(exfiltration);
    b.restore?.(JSON.parse(JSON.stringify(a.snapshot?.())));
    expect(b.push(session('192.0.2.77'))).toHaveLength(0);
    expect(b.push(session('203.0.113.70', 2))).toHaveLength(0);
    const late = b.push(person('203.0.113.71'));
    expect(late).toHaveLength(1);
    expect(late[0]?.evidence.map(evidenceEvent)).toEqual([evidenceEvent(waiting)]);
    expect(JSON.stringify(b.snapshot?.())).toBe(JSON.stringify(startAndReplay()));
    function startAndReplay() {
      const c = startDetector(exfiltration);
      for (const e of [session('192.0.2.77'), person('203.0.113.70'), session('203.0.113.70', 2), waiting, person('203.0.113.71')]) c.push(e);
      return c.snapshot?.();
    }
  });
});

describe('instance-credentials detector address keys', () => {
  const session = (ip: string, n = 1) =>
    ct({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', sourceIPAddress: ip, userIdentity: role('app', `i-0a1b2c3d4e5f6000${n}`) });
  const person = (ip: string) => ct({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', sourceIPAddress: ip, userIdentity: user('mallory') });
  const addresses = ['203.0.113.9', '0.0.0.0', '255.255.255.255', '127.0.0.1', '2001:db8::7', '2001:DB8::7'];

  it('prints each IPv4 key back to its text, and leaves other text as it is', () => {
    for (const ip of addresses) expect(addressText(addressKey(ip))).toBe(ip);
    expect(typeof addressKey('203.0.113.9')).toBe('number');
    expect(addressKey('010.0.0.1')).toBe('010.0.0.1');
    expect(addressKey('2001:db8::7')).toBe('2001:db8::7');
  });

  it('matches a person and a session on the same address text only, in either order', () => {
    for (const ip of addresses) {
      expect(runDetector(exfiltration, [person(ip), session(ip)]), ip).toHaveLength(1);
      expect(runDetector(exfiltration, [session(ip), person(ip)]), ip).toHaveLength(1);
    }
    // Different text for the same IPv6 address stays apart, as it did when the text was the key.
    expect(runDetector(exfiltration, [person('2001:db8::7'), session('2001:DB8::7')])).toHaveLength(0);
  });

  it('snapshots addresses as text, in first-seen order, and restores them', () => {
    const d = startDetector(exfiltration);
    for (const ip of addresses) d.push(person(ip));
    d.push(session('198.51.100.200'));
    const snap = JSON.parse(JSON.stringify(d.snapshot?.())) as { humanIps: [string, string][]; pending: [string, unknown[]][] };
    expect(snap.humanIps.map(([ip]) => ip)).toEqual(addresses);
    expect(snap.pending.map(([ip]) => ip)).toEqual(['198.51.100.200']);
    const r = startDetector(exfiltration);
    r.restore?.(snap);
    expect(JSON.stringify(r.snapshot?.())).toBe(JSON.stringify(snap));
    expect(r.push(session('255.255.255.255', 2))).toHaveLength(1);
    expect(r.push(person('198.51.100.200'))).toHaveLength(1);
  });
});

/** Seeded mixed events: users, root, instance and other role sessions, errors, resources, v4/v6 addresses, agents that change per caller. */
function seededEvents(seed: number, n: number): Ev[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const t0 = Date.parse('2026-11-18T10:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const kind = rnd();
    const who =
      kind < 0.45
        ? role(pick(['app', 'web']), `i-0a1b2c3d4e5f6000${Math.floor(rnd() * 4)}`, pick(['222222222222', '333333333333']))
        : kind < 0.55
          ? role('admin', pick(['alice', 'bob']))
          : kind < 0.6
            ? ROOT
            : user(pick(['alice', 'bob', 'mallory']), pick(['222222222222', '333333333333']));
    const rec: Record<string, unknown> = {
      eventTime: new Date(t0 + i * 1000).toISOString().replace('.000', ''),
      eventSource: pick(['s3.amazonaws.com', 'ec2.amazonaws.com', 'iam.amazonaws.com']),
      eventName: pick(['ListBuckets', 'DescribeInstances', 'StopInstances', 'GetCallerIdentity']),
      awsRegion: pick(['us-east-1', 'eu-west-1']),
      sourceIPAddress: pick(['203.0.113.9', '192.0.2.77', '2001:db8::7', '010.0.0.1', 'ec2.amazonaws.com']),
      userAgent: pick(['aws-cli/2.15.0', 'Boto3/1.35.10', 'console.amazonaws.com', undefined]),
      recipientAccountId: pick(['222222222222', '333333333333']),
      userIdentity: who,
    };
    if (rnd() < 0.2) rec.errorCode = pick(['AccessDenied', 'UnauthorizedOperation']);
    if (rnd() < 0.3) rec.requestParameters = { bucketName: `b${Math.floor(rnd() * 3)}`, instancesSet: { items: [{ instanceId: 'i-0a1b2c3d4e5f60001' }] } };
    if (rnd() < 0.1) rec.resources = [{ ARN: 'arn:aws:s3:::b1', type: pick(['AWS::S3::Bucket', 'AWS::S3::Object']) }];
    return ct(rec);
  });
}

describe('held callers shared across events', () => {
  // The caller record is shared by the held events of one ARN while every field matches: the same
  // ARN with another agent, account or key must still give back each event's own fields. A test for
  // any cheaper caller lookup (the cache is on the hot path of every held event).
  it('gives back each event as it was, over seeded callers that share ARNs but not every field', () => {
    for (const seed of [1, 2, 3]) {
      const events = seededEvents(seed, 500);
      const held = events.map((e) => hold(e));
      for (const [i, e] of events.entries()) {
        const back = unhold(held[i] as ReturnType<typeof hold>);
        expect(evidenceEvent(back)).toEqual(evidenceEvent(e));
        expect(findingResource(back)).toEqual(findingResource(e));
        expect(back.account).toBe(e.account);
        const { type, identity, name, client, arn, accessKeyId, sessionIssuer, sessionName } = e.actor;
        expect(back.actor).toEqual(
          Object.fromEntries(Object.entries({ type, identity, name, client, arn, accessKeyId, sessionIssuer, sessionName }).filter(([, v]) => v !== undefined)),
        );
      }
    }
  });
});
