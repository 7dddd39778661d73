import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/events.js';
import { newProfile, observe } from './baselines.js';

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
    expect(p.actions['s3:ListBuckets']).toBe(1);
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
