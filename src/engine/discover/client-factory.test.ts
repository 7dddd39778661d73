import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../providers/aws/errors.js';
import { ClientFactory, backoffMs } from './client-factory.js';
import { AdaptiveTokenBucket, type Clock } from './rate-budget.js';
import { canonical, matchInput, recordingPath } from './recording.js';

function fakeClock(): Clock & { t: number; slept: number[] } {
  const c = {
    t: 0,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

const throttle = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });

describe('AdaptiveTokenBucket', () => {
  it('lets a burst through, then paces at the rate', async () => {
    const clock = fakeClock();
    const b = new AdaptiveTokenBucket({ perSecond: 10, burst: 5 }, clock);
    for (let i = 0; i < 5; i++) await b.take();
    expect(clock.t).toBe(0);
    for (let i = 0; i < 10; i++) await b.take();
    expect(clock.t).toBeGreaterThanOrEqual(1000);
    expect(clock.t).toBeLessThan(1100);
  });

  it('halves on throttling, never below the floor, and recovers slowly', () => {
    const b = new AdaptiveTokenBucket({ perSecond: 8, minPerSecond: 1, recovery: 0.1 }, fakeClock());
    b.onThrottle();
    expect(b.rate).toBe(4);
    for (let i = 0; i < 5; i++) b.onThrottle();
    expect(b.rate).toBe(1);
    b.onSuccess();
    expect(b.rate).toBeCloseTo(1.8);
    for (let i = 0; i < 100; i++) b.onSuccess();
    expect(b.rate).toBe(8);
  });
});

describe('backoff', () => {
  it('is full-jitter exponential with a cap', () => {
    expect(backoffMs(0, 200, 20_000, () => 1)).toBe(200);
    expect(backoffMs(3, 200, 20_000, () => 1)).toBe(1600);
    expect(backoffMs(10, 200, 20_000, () => 1)).toBe(20_000);
    expect(backoffMs(3, 200, 20_000, () => 0.5)).toBe(800);
  });
});

describe('ClientFactory', () => {
  let dir: string | undefined;
  const mocks: { restore(): void }[] = [];
  afterEach(() => {
    for (const m of mocks.splice(0)) m.restore();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('retries throttling with backoff, halving the budget, and gives up after maxAttempts', async () => {
    const ec2 = mockClient(EC2Client);
    mocks.push(ec2);
    ec2.on(DescribeInstancesCommand).rejectsOnce(throttle()).rejectsOnce(throttle()).resolves({ Reservations: [] });
    const clock = fakeClock();
    const f = new ClientFactory({ clock, maxAttempts: 3, random: () => 1, rate: { perSecond: 10 } });
    const c = f.make(EC2Client, { account: '1', region: 'us-east-1' });
    await expect(c.send(new DescribeInstancesCommand({}))).resolves.toMatchObject({ Reservations: [] });
    expect(f.stats).toMatchObject({ calls: 1, retries: 2, throttled: 2, failed: 0 });
    expect(f.budget.bucket('1', 'ec2').rate).toBeLessThan(10);
    expect(clock.slept).toContain(200);

    ec2.on(DescribeInstancesCommand).rejects(throttle());
    const err = await c.send(new DescribeInstancesCommand({})).catch((e: unknown) => e);
    expect(classifyAwsError(err)).toBe('throttled');
    expect(f.stats.failed).toBe(1);
  });

  it('does not retry access denied', async () => {
    const ec2 = mockClient(EC2Client);
    mocks.push(ec2);
    ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('no'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }));
    const f = new ClientFactory({ clock: fakeClock() });
    await expect(f.make(EC2Client, { account: '1', region: 'us-east-1' }).send(new DescribeInstancesCommand({}))).rejects.toThrow('no');
    expect(f.stats.retries).toBe(0);
  });

  it('records responses and errors, and replays them with dates and bytes intact, pages by token', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-rec-'));
    const ec2 = mockClient(EC2Client);
    const iam = mockClient(IAMClient);
    mocks.push(ec2, iam);
    const launch = new Date('2026-11-01T10:00:00.000Z');
    ec2
      .on(DescribeInstancesCommand, { NextToken: undefined })
      .resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-1', LaunchTime: launch }] }], NextToken: 'p2' })
      .on(DescribeInstancesCommand, { NextToken: 'p2' })
      .resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-2', LaunchTime: launch }] }] })
      .on(DescribeInstancesCommand, { InstanceIds: ['i-x'] })
      .rejects(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }));
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode('user,arn\n<root_account>,arn:aws:iam::1:root\n') });

    const rec = new ClientFactory({ record: dir, clock: fakeClock() });
    const c = rec.make(EC2Client, { account: '111111111111', region: 'eu-west-1' });
    const p1 = await c.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    await c.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: p1.NextToken as string }));
    await c.send(new DescribeInstancesCommand({ InstanceIds: ['i-x'] })).catch(() => {});
    await rec.make(IAMClient, { account: '111111111111', region: 'us-east-1' }).send(new GetCredentialReportCommand({}));
    expect(rec.flush()).toBe(2);
    const file = recordingPath(dir, { account: '111111111111', region: 'eu-west-1', service: 'ec2', command: 'DescribeInstances' });
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toHaveLength(2);
    for (const m of mocks.splice(0)) m.restore();

    // Replay: no network (no mocks installed, fake region credentials), same answers.
    const rep = new ClientFactory({ replay: dir });
    const r = rep.make(EC2Client, { account: '111111111111', region: 'eu-west-1' });
    const a = await r.send(new DescribeInstancesCommand({}));
    expect(a.Reservations?.[0]?.Instances?.[0]?.LaunchTime).toEqual(launch);
    expect(a.NextToken).toBe('p2');
    const b = await r.send(new DescribeInstancesCommand({ NextToken: 'p2', MaxResults: 100 }));
    expect(b.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe('i-2');
    const denied = await r.send(new DescribeInstancesCommand({ InstanceIds: ['i-x'] })).catch((e: unknown) => e);
    expect(classifyAwsError(denied)).toBe('access-denied');
    const report = await rep.make(IAMClient, { account: '111111111111', region: 'us-east-1' }).send(new GetCredentialReportCommand({}));
    expect(new TextDecoder().decode(report.Content)).toContain('<root_account>');
    const miss = await r.send(new DescribeInstancesCommand({ InstanceIds: ['i-never'] })).catch((e: unknown) => e);
    expect(classifyAwsError(miss)).toBe('unsupported');
    expect(String(miss)).toContain('no recording for ec2 DescribeInstances in 111111111111/eu-west-1');
  });

  it('matches inputs without pagination fields, whatever the key order', () => {
    expect(canonical(matchInput({ b: 1, a: [2], MaxResults: 5, NextToken: 'x' }))).toBe(canonical(matchInput({ a: [2], b: 1 })));
  });

  it('leaves the endpoint to the SDK (AWS_ENDPOINT_URL) unless one is configured', async () => {
    const f = new ClientFactory({ env: {} });
    const c = f.make(EC2Client, { account: '1', region: 'us-east-1' });
    expect(c.config.endpoint).toBeUndefined();
    const g = new ClientFactory({ endpoint: 'http://127.0.0.1:4566' });
    const d = g.make(EC2Client, { account: '1', region: 'us-east-1' });
    const ep = await d.config.endpoint?.();
    expect(ep?.hostname).toBe('127.0.0.1');
  });
});
