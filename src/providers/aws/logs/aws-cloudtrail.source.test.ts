import { describe, expect, it } from 'vitest';
import { isIpAddress, normaliseCloudTrail } from './aws-cloudtrail.source.js';

const rec = (over: Record<string, unknown>) => ({
  eventTime: '2026-11-18T09:12:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/a', accountId: '1' },
  ...over,
});

describe('normaliseCloudTrail', () => {
  it.each([
    '2026-11-18T09:12:00Z',
    '2026-11-18T23:59:59Z',
    '2024-02-29T00:00:01Z',
    '2026-11-18T09:12:00.123Z',
    '2026-11-18T09:12:00+02:00',
    '2024-08-02 08:23:24.000',
  ])('reads the event time %s as Date.parse does', (t) => {
    const want = Date.parse(t.includes('T') ? t : `${t.replace(' ', 'T')}Z`);
    expect(normaliseCloudTrail(rec({ eventTime: t })).time).toBe(want);
  });
  it('reads runs of times within and across hours as Date.parse does (the last hour is reused)', () => {
    const times = ['2026-11-18T09:12:00Z', '2026-11-18T09:59:59Z', '2026-11-18T10:00:00Z', '2026-11-18T09:00:00Z', '2026-11-19T09:00:01Z'];
    for (const bad of ['2026-11-18T25:00:00Z', '2026-11-18T25:01:00Z']) times.push(bad, '2026-11-18T25:30:00Z');
    times.push('2026-11-18T09:30:00Z', '2026-11-18T09:30:00Z');
    for (const t of times) {
      if (Number.isNaN(Date.parse(t))) expect(() => normaliseCloudTrail(rec({ eventTime: t })), t).toThrow(/eventTime/);
      else expect(normaliseCloudTrail(rec({ eventTime: t })).time, t).toBe(Date.parse(t));
    }
  });
  it.each(['2026-11-18T09:60:00Z', '2026-11-18T25:00:00Z', '2026-13-18T09:12:00Z', '2026-11-18T09:1x:00Z', 'yesterday'])('rejects the bad time %s', (t) => {
    expect(() => normaliseCloudTrail(rec({ eventTime: t }))).toThrow(/eventTime/);
  });
  it('gives every event and actor the same fields, absent ones undefined', () => {
    const a = normaliseCloudTrail(rec({}));
    const b = normaliseCloudTrail(
      rec({
        errorCode: 'AccessDenied',
        sourceIPAddress: '10.0.0.1',
        userAgent: 'aws-cli/2',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/R/s', accessKeyId: 'ASIA1' },
      }),
    );
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Object.keys(a.actor)).toEqual(Object.keys(b.actor));
    expect(a.errorCode).toBeUndefined();
    expect(b).toMatchObject({ errorCode: 'AccessDenied', sourceIp: '10.0.0.1', actor: { sessionIssuer: 'arn:aws:iam::1:role/R', sessionName: 's' } });
  });
  it('does not take an inherited property name for an actor type', () => {
    expect(normaliseCloudTrail(rec({ userIdentity: { type: 'constructor' } })).actor.type).toBe('unknown');
  });
});

describe('isIpAddress', () => {
  it.each([
    ['10.0.0.1', true],
    ['255.255.255.255', true],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['1..2.3', false],
    ['1234.1.1.1', false],
    ['1.2.3.', false],
    ['2001:db8::1', true],
    ['ec2.amazonaws.com', false],
    ['AWS Internal', false],
  ])('%s → %s', (v, want) => {
    expect(isIpAddress(v)).toBe(want);
  });
});
