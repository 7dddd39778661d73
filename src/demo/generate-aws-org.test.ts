import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, paginateDescribeInstances, paginateDescribeSnapshots, DescribeSnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { GetBucketPolicyCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient, DescribeHubCommand } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { type CollectorUnit, defineCollector } from '../core/units/collector.js';
import { runDiscovery } from '../engine/discover/run.js';
import { isNotFound } from '../providers/aws/errors.js';
import { openStore } from '../store/index.js';
import { generateAwsOrg } from './generate-aws-org.js';
import { DEMO } from './story.js';

type Raw = Record<string, any>;
const rec = (ctx: { account: string; region: string }, type: string, id: string, name: string, config: Raw, region = ctx.region) => ({
  resource: { id, type, provider: 'aws' as const, account: ctx.account, region, name, tags: {}, config },
});

// Small stand-ins for the real collectors: enough to prove the world answers and the replay matches.
const collectors: CollectorUnit<any>[] = [
  defineCollector<Raw>({
    id: 'demo-test-instance',
    resourceType: 'aws.ec2.instance',
    provider: 'aws',
    service: 'ec2',
    scope: 'regional',
    title: 't',
    permissions: ['ec2:DescribeInstances'],
    async *list(ctx) {
      for await (const p of paginateDescribeInstances({ client: ctx.client(EC2Client) }, {})) for (const r of p.Reservations ?? []) yield* r.Instances ?? [];
    },
    toResource: (i, _h, ctx) =>
      rec(ctx, 'aws.ec2.instance', `arn:aws:ec2:${ctx.region}:${ctx.account}:instance/${i.InstanceId}`, i.InstanceId, {
        ...i,
        LaunchTime: i.LaunchTime?.toISOString(),
      }),
    fixtures: [],
  }),
  defineCollector<Raw>({
    id: 'demo-test-snapshot',
    resourceType: 'aws.ec2.snapshot',
    provider: 'aws',
    service: 'ec2',
    scope: 'regional',
    title: 't',
    permissions: ['ec2:DescribeSnapshots'],
    async *list(ctx) {
      for await (const p of paginateDescribeSnapshots({ client: ctx.client(EC2Client) }, { OwnerIds: ['self'] })) yield* p.Snapshots ?? [];
    },
    hydrate: {
      createVolumePermissions: {
        permissions: ['ec2:DescribeSnapshotAttribute'],
        fetch: async (s, ctx) =>
          (await ctx.client(EC2Client).send(new DescribeSnapshotAttributeCommand({ SnapshotId: s.SnapshotId, Attribute: 'createVolumePermission' })))
            .CreateVolumePermissions,
      },
    },
    toResource: (s, h, ctx) =>
      rec(ctx, 'aws.ec2.snapshot', `arn:aws:ec2:${ctx.region}::snapshot/${s.SnapshotId}`, s.SnapshotId, {
        SnapshotId: s.SnapshotId,
        Encrypted: s.Encrypted,
        ...h,
      }),
    fixtures: [],
  }),
  defineCollector<Raw>({
    id: 'demo-test-bucket',
    resourceType: 'aws.s3.bucket',
    provider: 'aws',
    service: 's3',
    scope: 'global',
    title: 't',
    permissions: ['s3:ListAllMyBuckets'],
    async *list(ctx) {
      yield* (await ctx.client(S3Client).send(new ListBucketsCommand({}))).Buckets ?? [];
    },
    hydrate: {
      policy: {
        permissions: ['s3:GetBucketPolicy'],
        async fetch(b, ctx) {
          try {
            return JSON.parse((await ctx.client(S3Client).send(new GetBucketPolicyCommand({ Bucket: b.Name }))).Policy ?? 'null');
          } catch (err) {
            if (isNotFound(err)) return null;
            throw err;
          }
        },
      },
    },
    toResource: (b, h, ctx) => rec(ctx, 'aws.s3.bucket', `arn:aws:s3:::${b.Name}`, b.Name, { Name: b.Name, ...h }, b.BucketRegion),
    fixtures: [],
  }),
  defineCollector<Raw>({
    id: 'demo-test-hub',
    resourceType: 'aws.securityhub.hub',
    provider: 'aws',
    service: 'securityhub',
    scope: 'regional',
    title: 't',
    permissions: ['securityhub:DescribeHub'],
    async *list(ctx) {
      yield await ctx.client(SecurityHubClient).send(new DescribeHubCommand({}));
    },
    toResource: (h, _x, ctx) => rec(ctx, 'aws.securityhub.hub', String(h.HubArn), 'hub', { HubArn: h.HubArn }),
    fixtures: [],
  }),
];

describe('demo organisation generator', () => {
  it('records the story through the collectors, deterministically, and replays to the same inventory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-demo-'));
    const gen = await generateAwsOrg({ outDir: join(dir, 'a'), collectors });
    const again = await generateAwsOrg({ outDir: join(dir, 'b'), collectors });
    expect(readFileSync(join(dir, 'b', '222222222222', 'us-east-1', 'ec2', 'DescribeInstances.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'a', '222222222222', 'us-east-1', 'ec2', 'DescribeInstances.json'), 'utf8'),
    );
    expect(again.summary.resources).toEqual(gen.summary.resources);
    expect(gen.unmodelled).toEqual([]);
    expect(gen.summary.accounts.map((a) => a.id)).toEqual([DEMO.accounts.management.id, DEMO.accounts.prod.id, DEMO.accounts.dev.id]);
    expect(gen.summary.skippedAccounts.map((a) => a.reason)).toEqual(['account status SUSPENDED']);

    const store = await openStore({ sqliteFile: ':memory:' });
    const s = await runDiscovery({ store, replay: join(dir, 'a'), collectors, regions: 'all', now: () => new Date(DEMO.now) });
    expect(s.resources).toEqual(gen.summary.resources);
    // The planted risks survive the round trip.
    const mongo = await store.resources.get(`arn:aws:ec2:us-east-1:${DEMO.mongoHost.account}:instance/${DEMO.mongoHost.instanceId}`);
    expect(mongo?.config.PublicIpAddress).toBe(DEMO.mongoHost.publicIp);
    expect((mongo?.config.MetadataOptions as Raw | undefined)?.HttpTokens).toBe('optional');
    const snap = await store.resources.get(`arn:aws:ec2:us-east-1::snapshot/${DEMO.publicSnapshot.snapshotId}`);
    expect(snap?.config.createVolumePermissions).toEqual([{ Group: 'all' }]);
    expect((await store.resources.get(`arn:aws:s3:::${DEMO.buckets.publicAssets.name}`))?.config.policy).toMatchObject({ Statement: [{ Principal: '*' }] });
    expect((await store.resources.get(`arn:aws:s3:::${DEMO.buckets.customerExports.name}`))?.config.policy).toBeNull();
    // The dev account's planted Security Hub denial is a recorded gap, replayed as one.
    expect(s.gaps.filter((g) => g.service === 'securityhub').map((g) => `${g.account}/${g.region}/${g.kind}`)).toEqual([
      '333333333333/eu-west-1/access-denied',
      '333333333333/us-east-1/access-denied',
    ]);
    await store.close();
  });
});
