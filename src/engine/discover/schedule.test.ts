import { describe, expect, it } from 'vitest';
import { type CollectorUnit, defineCollector } from '../../core/units/collector.js';
import type { WorkItem } from './collect.js';
import { PRIOR_GLOBAL, PRIOR_REGIONAL, bucketJobs, eachAtOnce, expectedCalls, itemWeight, wantedHydrators } from './schedule.js';

const item = (account: string, region: string, collector: string): WorkItem => ({ account, region, partition: 'aws', collector });
const collector = (scope: 'global' | 'regional', hydrators: string[]): CollectorUnit<any> =>
  defineCollector({
    id: `c-${scope}-${hydrators.length}`,
    resourceType: `aws.test.${scope}`,
    provider: 'aws',
    service: 'test',
    scope,
    title: 't',
    permissions: [],
    async *list() {},
    hydrate: Object.fromEntries(hydrators.map((k) => [k, { permissions: [], fetch: async () => null }])),
    toResource: () => {
      throw new Error('unused');
    },
    fixtures: [],
  });

describe('weights', () => {
  it('counts a call per wanted hydrator per resource and a list page per many resources', () => {
    const c = collector('regional', ['policy', 'tags']);
    expect(wantedHydrators(c, new Set(['*']))).toBe(2);
    expect(wantedHydrators(c, new Set(['aws.test.regional:policy']))).toBe(1);
    expect(wantedHydrators(c, new Set(['other']))).toBe(0);
    expect(expectedCalls(0, 2)).toBe(1);
    expect(expectedCalls(100, 1)).toBe(1 + 2 + 100);
    expect(expectedCalls(100, 0)).toBe(3);
  });

  it('uses the inventory when it knows the account (none held is empty) and priors otherwise', () => {
    const g = collector('global', ['a']);
    const r = collector('regional', ['a']);
    expect(itemWeight(r, 1, 0)).toBe(1);
    expect(itemWeight(r, 1, 40)).toBe(41);
    expect(itemWeight(r, 1, undefined)).toBe(expectedCalls(PRIOR_REGIONAL, 1));
    expect(itemWeight(g, 1, undefined)).toBe(expectedCalls(PRIOR_GLOBAL, 1));
    expect(itemWeight(g, 0, undefined)).toBe(1);
  });
});

describe('bucketJobs', () => {
  const service = (i: WorkItem) => i.collector.split('.')[0] as string;

  it('puts every item of one account × service in one job, heaviest item and heaviest job first', () => {
    const items = [
      item('1', 'us-east-1', 'ec2.vpc'),
      item('1', 'eu-west-1', 'ec2.vpc'),
      item('1', 'eu-west-1', 'ec2.subnet'),
      item('2', 'us-east-1', 'ec2.vpc'),
      item('1', 'us-east-1', 's3.bucket'),
    ];
    const w: Record<string, number> = {
      '1|us-east-1|ec2.vpc': 5,
      '1|eu-west-1|ec2.vpc': 30,
      '1|eu-west-1|ec2.subnet': 10,
      '2|us-east-1|ec2.vpc': 20,
      '1|us-east-1|s3.bucket': 60,
    };
    const jobs = bucketJobs(items, service, (i) => w[`${i.account}|${i.region}|${i.collector}`] ?? 0);
    expect(jobs.map((j) => j.map((i) => `${i.account}|${i.region}|${i.collector}`))).toEqual([
      ['1|us-east-1|s3.bucket'],
      ['1|eu-west-1|ec2.vpc', '1|eu-west-1|ec2.subnet', '1|us-east-1|ec2.vpc'],
      ['2|us-east-1|ec2.vpc'],
    ]);
  });

  it('spreads buckets that fit in the burst among the heavy ones instead of leaving them for the end', () => {
    const items = [...['a', 'b', 'c', 'd'].map((s) => item('1', 'r', `${s}.x`)), ...['e', 'f', 'g', 'h'].map((s) => item('1', 'r', `${s}.x`))];
    const heavy = new Set(['a', 'b', 'c', 'd']);
    const jobs = bucketJobs(items, service, (i) => (heavy.has(service(i)) ? 200 - service(i).charCodeAt(0) : 2), 10);
    expect(jobs.map((j) => service(j[0] as WorkItem))).toEqual(['a', 'e', 'b', 'f', 'c', 'g', 'd', 'h']);
    // Without a burst every bucket counts as heavy: plain heaviest first, ties in plan order.
    expect(bucketJobs(items, service, (i) => (heavy.has(service(i)) ? 200 - service(i).charCodeAt(0) : 2)).map((j) => service(j[0] as WorkItem))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
  });
});

describe('eachAtOnce', () => {
  it('runs every item in order with at most n at once', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await eachAtOnce([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    await eachAtOnce([], 2, async () => {
      throw new Error('never');
    });
  });
});
