import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/events.js';
import { Baselines, type IdentityProfile, fromStored, newProfile, observe, toStored } from './baselines.js';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-11-02T09:00:00Z');

function ev(i: number, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `e${i}`,
    time: t0 + i * 60_000,
    provider: 'aws',
    account: '111111111111',
    region: 'eu-west-1',
    service: 's3',
    action: 'GetObject',
    eventSource: 's3.amazonaws.com',
    readOnly: true,
    actor: { type: 'iam-user', identity: 'arn:aws:iam::111111111111:user/alice', name: 'alice', client: 'cli', accessKeyId: 'AKIAALICE' },
    sourceIp: '198.51.100.1',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    resources: [],
    raw: {},
    ...over,
  };
}

describe('observe', () => {
  const opts = { learningMs: 24 * HOUR, threshold: 50 };
  const gb = { country: 'GB', asn: 'AS64500 Home' };

  it('reports nothing while learning, then scores and explains against the baseline before the event', () => {
    const p = newProfile(ev(0), opts.learningMs);
    for (let i = 0; i < 30; i++) expect(observe(p, ev(i), gb, opts)).toBeUndefined();
    const late = 25 * 60;
    // Below the threshold: a first action alone (15) is learned, not reported.
    expect(observe(p, ev(late, { action: 'ListBuckets' }), gb, opts)).toBeUndefined();
    expect(toStored(p).actions['s3:ListBuckets']).toBe(1);
    const a = observe(
      p,
      ev(late + 1, { service: 'iam', action: 'CreateAccessKey', region: 'ap-south-1', sourceIp: '203.0.113.9' }),
      { country: 'BR', asn: 'AS64999 Far' },
      opts,
    );
    expect(a?.factors.map((f) => f.factor)).toEqual(['sensitive-action', 'new-region', 'new-country', 'new-asn', 'impossible-travel']);
    expect(a?.score).toBe(175);
    expect(a?.factors.find((f) => f.factor === 'new-country')?.explanation).toBe('source country BR never seen (baseline: GB)');
    expect(a?.factors.find((f) => f.factor === 'sensitive-action')?.explanation).toBe(
      'first iam:CreateAccessKey by this identity (sensitive; 2 actions in its baseline)',
    );
    expect(p.anomalies).toHaveLength(1);
    // Learned: the same call again is no longer new.
    expect(
      observe(p, ev(late + 2, { service: 'iam', action: 'CreateAccessKey', region: 'ap-south-1' }), { country: 'BR', asn: 'AS64999 Far' }, opts),
    ).toBeUndefined();
  });
});

describe('stored form', () => {
  // A profile as the store holds it (JSON, this key order), written before profiles had a live form.
  const stored = JSON.stringify({
    identity: 'arn:aws:iam::111111111111:user/alice',
    account: '111111111111',
    type: 'iam-user',
    name: 'alice',
    firstSeen: t0,
    lastSeen: t0 + HOUR,
    learningUntil: t0 + 24 * HOUR,
    events: 3,
    actions: { 's3:GetObject': 2, 's3:ListBuckets': 1 },
    regions: { 'eu-west-1': 3 },
    asns: { 'AS64500 Home': 3 },
    countries: { GB: 3 },
    userAgents: { 'aws-cli': 3 },
    accessKeys: { AKIAALICE: 3 },
    hours: Array.from({ length: 168 }, (_, h) => (h === 9 ? 3 : 0)),
    volume: { hour: Math.floor((t0 + HOUR) / HOUR), count: 1, n: 1, mean: 2, m2: 0, max: 2 },
    anomalies: [],
    lastLocation: { time: t0 + HOUR, country: 'GB', ip: '2001:db8::1' },
  });

  it('converts to the live form and back to the same JSON', () => {
    expect(JSON.stringify(toStored(fromStored(JSON.parse(stored) as IdentityProfile)))).toBe(stored);
    // An IPv4 address is held as a number and prints back as the same text; other text is kept.
    for (const ip of ['198.51.100.7', '010.1.2.3', 'AWS Internal']) {
      const p = JSON.parse(stored) as IdentityProfile;
      p.lastLocation = { time: t0, country: 'GB', ip };
      expect(toStored(fromStored(p)).lastLocation?.ip).toBe(ip);
    }
  });

  it('loads a stored profile, learns on it and writes it back in the same form', async () => {
    const db = new Map<string, string>([['arn:aws:iam::111111111111:user/alice', stored]]);
    const b = new Baselines(
      { geo: { lookup: () => ({ country: 'GB', asn: 64500, asOrg: 'Home' }) }, learningMs: 24 * HOUR, threshold: 50 },
      {
        load: async (id) => (db.has(id) ? (JSON.parse(db.get(id) as string) as IdentityProfile) : undefined),
        save: async (ps) => {
          for (const p of ps) db.set(p.identity, JSON.stringify(p));
        },
      },
    );
    await b.load('arn:aws:iam::111111111111:user/alice');
    expect(b.push(ev(61, { action: 'ListBuckets' }))).toBeUndefined();
    expect(await b.persist()).toBe(1);
    const after = JSON.parse(db.get('arn:aws:iam::111111111111:user/alice') as string) as IdentityProfile;
    expect(Object.keys(after)).toEqual(Object.keys(JSON.parse(stored)));
    expect(after.events).toBe(4);
    expect(after.actions).toEqual({ 's3:GetObject': 2, 's3:ListBuckets': 2 });
    expect(after.hours[10]).toBe(1);
    expect(after.lastLocation).toEqual({ time: t0 + 61 * 60_000, country: 'GB', ip: '198.51.100.1' });
    // Nothing changed since: nothing to write.
    expect(await b.persist()).toBe(0);
  });
});

describe('Baselines.push', () => {
  it('scores and learns as observe does with the same places (its dimensions found as ids, observe naming them)', () => {
    const opts = { learningMs: 2 * HOUR, threshold: 10 };
    const geo = (ip: string) =>
      ip.startsWith('203.') ? { country: 'BR', asn: 64999, asOrg: 'Far' } : ip.includes(':') ? { asn: 64501 } : { country: 'GB', asn: 64500, asOrg: 'Home' };
    const where = (ip: string | undefined): { country?: string; asn?: string } | undefined => {
      if (!ip) return undefined;
      const g = geo(ip);
      return { ...(g.country && { country: g.country }), asn: `AS${g.asn}${g.asOrg ? ` ${g.asOrg}` : ''}` };
    };
    const b = new Baselines({ geo: { lookup: geo }, ...opts });
    const live = new Map<string, ReturnType<typeof newProfile>>();
    const users = ['alice', 'bob', 'carol'];
    const actions = [
      ['s3', 'GetObject'],
      ['s3', 'ListBuckets'],
      ['ec2', 'DescribeInstances'],
      ['iam', 'CreateAccessKey'],
    ] as const;
    const agents = ['aws-cli/2.15.0', 'Boto3/1.34.0 md/Botocore#1.34.0', 'Mozilla/5.0 (X11)', undefined];
    const hits: unknown[][] = [[], []];
    // Deterministic but varied: after the first hours' learning, new actions, regions, clients,
    // keys, countries and networks arrive, with a quiet gap and a burst.
    let time = t0;
    for (let i = 0; i < 3000; i++) {
      time += i > 2000 && i < 2300 ? 1000 : i === 1500 ? 30 * HOUR : 45_000;
      const who = users[i % 3] as string;
      const [service, action] = actions[i < 1000 ? i % 2 : (i * 7) % 4] as readonly [string, string];
      const ip =
        i > 1500 && i % 13 === 0
          ? '203.0.113.9'
          : i % 29 === 0
            ? '2001:db8::1'
            : i % 31 === 0
              ? undefined
              : i > 800 && i % 7 === 0
                ? '198.51.100.2'
                : '198.51.100.1';
      const e = ev(i, {
        time,
        service,
        action,
        region: i > 1200 && i % 97 === 0 ? 'ap-south-1' : 'eu-west-1',
        userAgent: agents[Math.floor(i / 400) % 4],
        sourceIp: ip,
        actor: {
          type: 'iam-user',
          identity: `arn:aws:iam::111111111111:user/${who}`,
          name: who,
          client: 'cli',
          accessKeyId: i > 1000 && i % 53 === 0 ? 'AKIAOTHER' : i % 5 === 0 ? `ASIA${i}` : `AKIA${who.toUpperCase()}`,
        },
      });
      const h = b.push(e);
      if (h) hits[0]?.push(h.details);
      let p = live.get(e.actor.identity);
      if (!p) {
        p = newProfile(e, opts.learningMs);
        live.set(e.actor.identity, p);
      }
      const a = observe(p, e, where(e.sourceIp), opts);
      if (a)
        hits[1]?.push({ identity: p.identity, score: a.score, factors: a.factors, baseline: { since: new Date(p.firstSeen).toISOString(), events: p.events } });
    }
    const factors = new Set((hits[1] as { factors: { factor: string }[] }[]).flatMap((h) => h.factors.map((f) => f.factor)));
    expect([...factors].sort()).toEqual([
      'impossible-travel',
      'new-access-key',
      'new-action',
      'new-asn',
      'new-country',
      'new-region',
      'new-user-agent',
      'sensitive-action',
      'unusual-hour',
      'volume-spike',
    ]);
    expect(hits[0]).toEqual(hits[1]);
    for (const [id, p] of live) expect(JSON.stringify(b.profile(id))).toBe(JSON.stringify(toStored(p)));
  });
});
