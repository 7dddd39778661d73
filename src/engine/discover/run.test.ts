import { DescribeRegionsCommand, DescribeVolumesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetBucketPolicyCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/support/stores.js';
import { type CollectorUnit, defineCollector } from '../../core/units/collector.js';
import { arn } from '../../providers/aws/partition.js';
import type { Store } from '../../store/index.js';
import { EmbeddedQueue } from '../../jobs/embedded.js';
import type { CoverageGap } from '../../store/index.js';
import { ClientFactory } from './client-factory.js';
import { DISCOVERY_COLLECT_JOB, type DiscoveryJob, discoveryJobHandler } from './jobs.js';
import type { Clock } from './rate-budget.js';
import { runDiscovery } from './run.js';

const MGMT = '111111111111';
const PROD = '222222222222';
const SUSP = '444444444444';

function awsError(name: string, status: number, message = `${name}: denied by test`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });
}

/** The account and region a mocked call was made for: region from the client, account from the fake key. */
async function where(getClient: () => unknown): Promise<{ account: string; region: string }> {
  const c = getClient() as { config: { region(): Promise<string>; credentials(): Promise<{ accessKeyId: string }> } };
  const region = await c.config.region();
  const creds = await c.config.credentials();
  return { region, account: creds.accessKeyId.slice(-12) };
}

// Small test collectors that exercise the engine paths; the real ones live in src/providers/aws/services.
const vpcs = defineCollector<{ VpcId: string }>({
  id: 'test-ec2-vpc',
  resourceType: 'aws.ec2.vpc',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPCs',
  permissions: ['ec2:DescribeVpcs'],
  async *list(ctx) {
    const r = await ctx.client(EC2Client).send(new DescribeVpcsCommand({}));
    yield* (r.Vpcs ?? []) as { VpcId: string }[];
  },
  toResource(raw, _h, ctx) {
    const id = arn(ctx.partition, 'ec2', ctx.region, ctx.account, `vpc/${raw.VpcId}`);
    return {
      resource: { id, arn: id, type: 'aws.ec2.vpc', provider: 'aws', account: ctx.account, region: ctx.region, name: raw.VpcId, tags: {}, config: { ...raw } },
    };
  },
  fixtures: [],
});

const volumes = defineCollector<{ VolumeId: string; Encrypted?: boolean }>({
  id: 'test-ec2-volume',
  resourceType: 'aws.ec2.volume',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'Volumes',
  permissions: ['ec2:DescribeVolumes'],
  async *list(ctx) {
    const r = await ctx.client(EC2Client).send(new DescribeVolumesCommand({}));
    for (const v of r.Volumes ?? []) {
      // A malformed item: the engine must keep the others and record a gap.
      if (v.VolumeId === 'vol-bad') yield { VolumeId: undefined } as unknown as { VolumeId: string };
      else yield v as { VolumeId: string };
    }
  },
  toResource(raw, _h, ctx) {
    if (!raw.VolumeId) throw new TypeError('VolumeId missing');
    const id = arn(ctx.partition, 'ec2', ctx.region, ctx.account, `volume/${raw.VolumeId}`);
    return {
      resource: { id, type: 'aws.ec2.volume', provider: 'aws', account: ctx.account, region: ctx.region, name: raw.VolumeId, tags: {}, config: { ...raw } },
    };
  },
  fixtures: [],
});

const queues = defineCollector<string>({
  id: 'test-sqs-queue',
  resourceType: 'aws.sqs.queue',
  provider: 'aws',
  service: 'sqs',
  scope: 'regional',
  title: 'Queues',
  permissions: ['sqs:ListQueues'],
  async *list(ctx) {
    const r = await ctx.client(SQSClient).send(new ListQueuesCommand({}));
    yield* r.QueueUrls ?? [];
  },
  toResource(url, _h, ctx) {
    const name = url.split('/').pop() as string;
    const id = arn(ctx.partition, 'sqs', ctx.region, ctx.account, name);
    return { resource: { id, type: 'aws.sqs.queue', provider: 'aws', account: ctx.account, region: ctx.region, name, tags: {}, config: { QueueUrl: url } } };
  },
  fixtures: [],
});

const users = defineCollector<{ UserName: string; Arn: string }>({
  id: 'test-iam-user',
  resourceType: 'aws.iam.user',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'Users',
  permissions: ['iam:ListUsers'],
  async *list(ctx) {
    const r = await ctx.client(IAMClient).send(new ListUsersCommand({}));
    yield* (r.Users ?? []) as { UserName: string; Arn: string }[];
  },
  toResource(u, _h, ctx) {
    return {
      resource: { id: u.Arn, type: 'aws.iam.user', provider: 'aws', account: ctx.account, region: 'global', name: u.UserName, tags: {}, config: { ...u } },
    };
  },
  fixtures: [],
});

const buckets = defineCollector<{ Name: string }>({
  id: 'test-s3-bucket',
  resourceType: 'aws.s3.bucket',
  provider: 'aws',
  service: 's3',
  scope: 'global',
  title: 'Buckets',
  permissions: ['s3:ListAllMyBuckets'],
  async *list(ctx) {
    const r = await ctx.client(S3Client).send(new ListBucketsCommand({}));
    yield* (r.Buckets ?? []) as { Name: string }[];
  },
  hydrate: {
    policy: {
      permissions: ['s3:GetBucketPolicy'],
      async fetch(b, ctx) {
        const r = await ctx.client(S3Client).send(new GetBucketPolicyCommand({ Bucket: b.Name }));
        return JSON.parse(r.Policy ?? 'null');
      },
    },
    versioning: {
      permissions: ['s3:GetBucketVersioning'],
      async fetch(b, ctx) {
        const r = await ctx.client(S3Client).send(new GetBucketVersioningCommand({ Bucket: b.Name }));
        return { Status: r.Status ?? null };
      },
    },
  },
  toResource(b, h, ctx) {
    const id = arn(ctx.partition, 's3', '', '', b.Name);
    return {
      resource: { id, type: 'aws.s3.bucket', provider: 'aws', account: ctx.account, region: 'us-east-1', name: b.Name, tags: {}, config: { ...b, ...h } },
      edges: [{ from: id, to: `arn:aws:kms:us-east-1:${ctx.account}:key/k1`, kind: 'encrypted-with' }],
    };
  },
  fixtures: [],
});

const ALL: CollectorUnit<any>[] = [vpcs, volumes, queues, users, buckets];

/** A clock whose sleeps pass instantly, so backoff and budgets cost no test time. */
const fastClock: Clock = { now: () => Date.now(), sleep: async () => {} };

interface World {
  vpcsIn: Record<string, string[]>;
  throttleVolumes: number;
  bucketsIn: Record<string, string[]>;
  usersIn: Record<string, string[]>;
}

function mockAws(world: World) {
  const sts = mockClient(STSClient);
  const org = mockClient(OrganizationsClient);
  const ec2 = mockClient(EC2Client);
  const sqs = mockClient(SQSClient);
  const iam = mockClient(IAMClient);
  const s3 = mockClient(S3Client);
  sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT, Arn: `arn:aws:iam::${MGMT}:user/scanner` });
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string; ExternalId?: string }) => {
    const account = input.RoleArn.split(':')[4] as string;
    return { Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
  });
  org.on(ListAccountsCommand).resolves({
    Accounts: [
      { Id: MGMT, Name: 'acme-management', State: 'ACTIVE' },
      { Id: PROD, Name: 'acme-prod', State: 'ACTIVE' },
      { Id: SUSP, Name: 'acme-old', State: 'SUSPENDED' },
    ],
  });
  org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-root', Name: 'Root' }] });
  org.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-root' }).resolves({ OrganizationalUnits: [{ Id: 'ou-prod', Name: 'Production' }] });
  org.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-prod' }).resolves({ OrganizationalUnits: [] });
  org.on(ListChildrenCommand, { ParentId: 'r-root' }).resolves({ Children: [{ Id: MGMT, Type: 'ACCOUNT' }] });
  org.on(ListChildrenCommand, { ParentId: 'ou-prod' }).resolves({ Children: [{ Id: PROD, Type: 'ACCOUNT' }] });
  org
    .on(ListTagsForResourceCommand)
    .callsFake((i: { ResourceId: string }) => ({ Tags: [{ Key: 'team', Value: i.ResourceId === PROD ? 'payments' : 'platform' }] }));
  ec2.on(DescribeRegionsCommand).resolves({
    Regions: [
      { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
    ],
  });
  ec2.on(DescribeVpcsCommand).callsFake(async (_i, getClient) => {
    const w = await where(getClient);
    return { Vpcs: (world.vpcsIn[`${w.account}/${w.region}`] ?? []).map((VpcId) => ({ VpcId })) };
  });
  ec2.on(DescribeVolumesCommand).callsFake(async (_i, getClient) => {
    const w = await where(getClient);
    if (w.account === PROD && w.region === 'eu-west-1' && world.throttleVolumes > 0) {
      world.throttleVolumes--;
      throw awsError('Throttling', 400, 'Rate exceeded');
    }
    if (w.account === MGMT && w.region === 'eu-west-1')
      throw new Error('Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.');
    return { Volumes: [{ VolumeId: `vol-${w.account.slice(0, 3)}-${w.region}`, Encrypted: false }, { VolumeId: 'vol-bad' }] };
  });
  sqs.on(ListQueuesCommand).callsFake(async (_i, getClient) => {
    const w = await where(getClient);
    if (w.account === PROD) throw awsError('AccessDenied', 403, 'User is not authorized to perform: sqs:ListQueues');
    return { QueueUrls: [`https://sqs.${w.region}.amazonaws.com/${w.account}/jobs`] };
  });
  iam.on(ListUsersCommand).callsFake(async (_i, getClient) => {
    const w = await where(getClient);
    if (w.account === PROD) throw awsError('ExpiredToken', 400, 'The security token included in the request is expired');
    return { Users: (world.usersIn[w.account] ?? []).map((u) => ({ UserName: u, Arn: `arn:aws:iam::${w.account}:user/${u}` })) };
  });
  s3.on(ListBucketsCommand).callsFake(async (_i, getClient) => {
    const w = await where(getClient);
    return { Buckets: (world.bucketsIn[w.account] ?? []).map((Name) => ({ Name })) };
  });
  s3.on(GetBucketPolicyCommand).callsFake((i: { Bucket: string }) => {
    if (i.Bucket.includes('nopolicy')) throw awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    return { Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*' }] }) };
  });
  s3.on(GetBucketVersioningCommand).rejects(awsError('AccessDenied', 403, 'Access Denied'));
  return { sts, org, ec2, sqs, iam, s3, all: [sts, org, ec2, sqs, iam, s3] };
}

const baseCreds = async () => ({ accessKeyId: `AKIA${MGMT}`, secretAccessKey: 's' });

describe.each(testDialects())('discovery engine on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let mocks: ReturnType<typeof mockAws>;
  let world: World;
  beforeEach(async () => {
    store = await dialect.open();
    world = {
      vpcsIn: { [`${MGMT}/us-east-1`]: ['vpc-m1'], [`${PROD}/us-east-1`]: ['vpc-p1', 'vpc-p2'], [`${PROD}/eu-west-1`]: ['vpc-p3'] },
      throttleVolumes: 3,
      bucketsIn: { [MGMT]: ['acme-org-cloudtrail', 'mgmt-nopolicy'], [PROD]: ['acme-public-assets'] },
      usersIn: { [MGMT]: ['carol'] },
    };
    mocks = mockAws(world);
  });
  afterEach(async () => {
    for (const m of mocks.all) m.restore();
    await store.dispose();
  });

  const scan = (extra: Partial<Parameters<typeof runDiscovery>[0]> = {}) =>
    runDiscovery({
      store,
      collectors: ALL,
      assumeRole: 'SkywatchAudit',
      externalId: 'ext-1',
      credentials: baseCreds,
      factory: new ClientFactory({ clock: fastClock, maxAttempts: 5 }),
      ...extra,
    });

  it('finishes despite denied, throttled, expired, malformed and disabled; keeps good data and records every gap', async () => {
    const s = await scan({ regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] });
    expect(s.status).toBe('partial');
    expect(s.accounts.map((a) => a.id)).toEqual([MGMT, PROD]);
    expect(s.skippedAccounts).toEqual([{ id: SUSP, name: 'acme-old', reason: 'account status SUSPENDED' }]);
    // 2 accounts × (3 regional × 2 regions + 2 global)
    expect(s.workItems).toEqual({ total: 16, done: 16, skipped: 0 });

    const gap = (account: string, service: string, kind: string) => s.gaps.filter((g) => g.account === account && g.service === service && g.kind === kind);
    expect(gap(PROD, 'sqs', 'access-denied')).toHaveLength(2);
    expect(gap(PROD, 'sqs', 'access-denied')[0]?.operation).toBe('ListQueues');
    expect(gap(PROD, 'iam', 'expired-credentials')).toHaveLength(1);
    expect(gap(MGMT, 'ec2', 'malformed-response').map((g) => g.operation)).toContain('DescribeVolumes');
    expect(gap(PROD, 'ec2', 'region-disabled').map((g) => g.region)).toEqual(['ap-south-1']);
    expect(gap(MGMT, 's3', 'access-denied').map((g) => g.operation)).toEqual(['GetBucketVersioning']);
    // The throttling storm was retried through: no throttled gap, and the budget adapted.
    expect(s.gaps.filter((g) => g.kind === 'throttled')).toEqual([]);
    expect(s.api.throttled).toBe(3);

    // Good data kept: VPCs of both accounts, the throttled region's volume, MGMT's queues.
    expect(s.resources.byType['aws.ec2.vpc']).toBe(4);
    expect(await store.resources.get(`arn:aws:ec2:eu-west-1:${PROD}:volume/vol-222-eu-west-1`)).toBeDefined();
    expect(await store.resources.count({ type: 'aws.sqs.queue' })).toBe(2);
    expect(await store.resources.count({ type: 'aws.iam.user', account: MGMT })).toBe(1);

    // A failed hydrator never drops the resource: recorded in _errors; a NotFound is a null.
    const b = await store.resources.get('arn:aws:s3:::mgmt-nopolicy');
    expect(b?.config.policy).toBeNull();
    expect(b?.config._errors).toEqual({ versioning: 'access-denied' });
    expect((await store.edges.of('arn:aws:s3:::acme-org-cloudtrail')).map((e) => e.kind)).toEqual(['encrypted-with']);

    const accounts = await store.accounts.list();
    expect(accounts.find((a) => a.id === PROD)).toMatchObject({ parent: 'ou-prod', tags: { team: 'payments' } });

    // Assume-role used the partition-aware ARN and the external id.
    const assumed = mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed[0]).toMatchObject({ RoleArn: `arn:aws:iam::${PROD}:role/SkywatchAudit`, ExternalId: 'ext-1' });
  });

  it('fetches only wanted hydrators', async () => {
    await scan({ regions: ['us-east-1'], services: ['s3'], wanted: ['policy'] });
    expect(mocks.s3.commandCalls(GetBucketVersioningCommand)).toHaveLength(0);
    expect(mocks.s3.commandCalls(GetBucketPolicyCommand).length).toBeGreaterThan(0);
  });

  it('turns a resource gone between scans into a delete change, but never sweeps after a gap', async () => {
    await scan({ regions: ['us-east-1'] });
    world.vpcsIn[`${PROD}/us-east-1`] = ['vpc-p1'];
    world.usersIn[MGMT] = [];
    await new Promise((r) => setTimeout(r, 5));
    const s2 = await scan({ regions: ['us-east-1'] });
    expect(s2.changes.deleted).toBe(2);
    const changes = await store.resources.changes({ since: '2000-01-01' });
    const deletes = changes.filter((c) => c.kind === 'delete').map((c) => c.resourceId);
    expect(deletes.sort()).toEqual([`arn:aws:ec2:us-east-1:${PROD}:vpc/vpc-p2`, `arn:aws:iam::${MGMT}:user/carol`]);
    // PROD's queues were never listed (access denied), so nothing of theirs could be swept.
    expect(deletes.some((id) => id.includes(':sqs:'))).toBe(false);
  });

  it('resumes a broken scan, skipping finished work items', async () => {
    const ac = new AbortController();
    let seen = 0;
    const first = await scan({
      regions: ['us-east-1'],
      concurrency: 1,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.phase === 'item' && ++seen === 3) ac.abort();
      },
    });
    expect(first.status).toBe('failed');
    const run = await store.scans.get(first.scanId);
    expect(run?.checkpoint.done.length).toBe(3);
    const before = mocks.ec2.commandCalls(DescribeVpcsCommand).length + mocks.s3.commandCalls(ListBucketsCommand).length;
    const second = await scan({ resume: true, concurrency: 1 });
    expect(second.scanId).toBe(first.scanId);
    expect(second.resumed).toBe(true);
    expect(second.workItems.skipped).toBe(3);
    expect(second.workItems.done).toBe(second.workItems.total - 3);
    const after = mocks.ec2.commandCalls(DescribeVpcsCommand).length + mocks.s3.commandCalls(ListBucketsCommand).length;
    // 2 accounts × (1 VPC item + 1 bucket item) = 4 items of these types; the done ones (the first
    // account's VPCs at least) did not run again.
    expect(after - before).toBeLessThan(4);
    expect((await store.scans.get(first.scanId))?.status).toBe('partial');
  });

  describe('on a worker queue (embedded)', () => {
    /** A fleet of one in-process "worker" serving the real discovery job handler on the queue. */
    const fleet = async (factory: ClientFactory) => {
      const queue = new EmbeddedQueue();
      await queue.start();
      const handle = discoveryJobHandler({ collectors: ALL, credentials: baseCreds, factory });
      const ran: string[] = [];
      await queue.work(DISCOVERY_COLLECT_JOB, { concurrency: 4 }, async (job) => {
        ran.push(`${(job.data as DiscoveryJob).item.collector}@${(job.data as DiscoveryJob).item.account}`);
        await handle(job.data, { store, worker: 'worker:test' }, job.attempt);
      });
      return { queue, handle, ran };
    };

    it('runs every work item as a job and summarises what the workers recorded like the in-process scan', async () => {
      const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
      const local = await scan({ regions });
      const factory = new ClientFactory({ clock: fastClock, maxAttempts: 5 });
      const { queue, ran } = await fleet(factory);
      const s = await scan({ regions, queue, distributed: true, pollMs: 20, factory });
      await queue.stop();
      expect(ran).toHaveLength(16);
      expect(s.status).toBe('partial');
      expect(s.workItems).toEqual(local.workItems);
      expect(s.resources).toEqual(local.resources);
      const gapKey = (g: CoverageGap) => `${g.account}|${g.region}|${g.service}|${g.operation}|${g.kind}`;
      expect(s.gaps.map(gapKey).sort()).toEqual(local.gaps.map(gapKey).sort());
      // Calls made by the items are reported by the items; the first scan made them all too.
      expect(s.api.calls).toBeGreaterThan(16);
      // A rescan on the fleet sees no change.
      expect(s.changes.created).toBe(0);
      expect(s.changes.unchanged).toBe(local.changes.created);
      const items = await store.scans.items(s.scanId);
      expect(items).toHaveLength(16);
      expect(new Set(items.map((i) => i.worker))).toEqual(new Set(['worker:test']));
    });

    it('sweeps only work that finished without a gap', async () => {
      const factory = new ClientFactory({ clock: fastClock, maxAttempts: 5 });
      const { queue } = await fleet(factory);
      await scan({ regions: ['us-east-1'], queue, distributed: true, pollMs: 20, factory });
      world.vpcsIn[`${PROD}/us-east-1`] = ['vpc-p1'];
      world.usersIn[MGMT] = [];
      const s2 = await scan({ regions: ['us-east-1'], queue, distributed: true, pollMs: 20, factory });
      await queue.stop();
      expect(s2.changes.deleted).toBe(2);
      const deletes = (await store.resources.changes({ since: '2000-01-01' })).filter((c) => c.kind === 'delete').map((c) => c.resourceId);
      expect(deletes.sort()).toEqual([`arn:aws:ec2:us-east-1:${PROD}:vpc/vpc-p2`, `arn:aws:iam::${MGMT}:user/carol`]);
    });

    it('records a redelivered job once, without calling AWS again', async () => {
      const factory = new ClientFactory({ clock: fastClock, maxAttempts: 5 });
      const { queue, handle } = await fleet(factory);
      const s = await scan({ regions: ['us-east-1'], queue, distributed: true, pollMs: 20, factory });
      await queue.stop();
      const gapsBefore = (await store.scans.gaps(s.scanId)).length;
      const calls = factory.stats.calls;
      const job: DiscoveryJob = {
        scanId: s.scanId,
        item: { account: PROD, region: 'us-east-1', partition: 'aws', collector: 'test-sqs-queue' },
        access: { callerAccount: MGMT, assumeRole: 'SkywatchAudit' },
        wanted: ['*'],
      };
      await handle(job, { store, worker: 'worker:again' }, 1);
      expect(factory.stats.calls).toBe(calls);
      expect((await store.scans.gaps(s.scanId)).length).toBe(gapsBefore);
      // Recorded directly (as by a second worker racing the first): the completion is refused.
      expect(await store.scans.completeItem(s.scanId, `${PROD}|us-east-1|test-sqs-queue`, 'worker:x', {}, [])).toBe(false);
    });

    it('ends a scan whose workers never come, as failed and resumable', async () => {
      const queue = new EmbeddedQueue();
      await queue.start();
      const s = await scan({ regions: ['us-east-1'], queue, distributed: true, pollMs: 10, stallMs: 100 });
      await queue.stop({ graceful: false });
      expect(s.status).toBe('failed');
      expect(s.error).toMatch(/did not finish.*--resume/);
      // Resumed with a worker, it completes.
      const factory = new ClientFactory({ clock: fastClock, maxAttempts: 5 });
      const f = await fleet(factory);
      const r = await scan({ resume: true, queue: f.queue, distributed: true, pollMs: 20, factory });
      await f.queue.stop();
      expect(r.scanId).toBe(s.scanId);
      expect(r.status).toBe('partial');
      expect(r.workItems.done).toBe(r.workItems.total);
    });
  });

  describe('Organizations collectors', () => {
    // Lists SCPs; records the account each call was made from.
    const policiesFrom: string[] = [];
    const scps = defineCollector<{ Id: string }>({
      id: 'test-organizations-policy',
      resourceType: 'aws.organizations.policy',
      provider: 'aws',
      service: 'organizations',
      scope: 'global',
      title: 'SCPs',
      permissions: ['organizations:ListPolicies'],
      async *list(ctx) {
        policiesFrom.push(ctx.account);
        const r = await ctx.client(OrganizationsClient).send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
        yield* (r.Policies ?? []) as { Id: string }[];
      },
      toResource: (p, _h, ctx) => ({
        resource: {
          id: `arn:aws:organizations::${ctx.account}:policy/${p.Id}`,
          type: 'aws.organizations.policy',
          provider: 'aws',
          account: ctx.account,
          region: 'global',
          name: p.Id,
          tags: {},
          config: {},
        },
      }),
      fixtures: [],
    });
    beforeEach(() => {
      policiesFrom.length = 0;
      mocks.org.on(ListPoliciesCommand).resolves({ Policies: [{ Id: 'p-1' }] });
    });

    it('run once, in the account that lists the organisation, not per member account × region', async () => {
      mocks.org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1', MasterAccountId: MGMT } });
      const s = await scan({ collectors: [vpcs, scps], regions: ['us-east-1', 'eu-west-1'] });
      expect(policiesFrom).toEqual([MGMT]);
      // 2 accounts × 2 regions of VPCs, plus one SCP item.
      expect(s.workItems.total).toBe(5);
      expect(s.resources.byType['aws.organizations.policy']).toBe(1);
    });

    it('run in the management account named by DescribeOrganization when the caller is a member that cannot list it', async () => {
      mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: PROD, Arn: `arn:aws:iam::${PROD}:user/scanner` });
      mocks.org.on(ListAccountsCommand).rejects(awsError('AccessDeniedException', 400, "You don't have permissions to access this resource."));
      mocks.org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1', MasterAccountId: MGMT } });
      const s = await scan({ collectors: [vpcs, scps], accounts: [PROD, MGMT], regions: ['us-east-1'] });
      expect(s.accounts.map((a) => a.id).sort()).toEqual([MGMT, PROD].sort());
      expect(policiesFrom).toEqual([MGMT]);
      expect(s.gaps.filter((g) => g.service === 'organizations').map((g) => g.operation)).toEqual(['ListAccounts']);
    });

    it('are not planned at all outside an organisation', async () => {
      mocks.org.on(ListAccountsCommand).rejects(awsError('AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.'));
      mocks.org.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.'));
      const s = await scan({ collectors: [vpcs, scps], regions: ['us-east-1'] });
      expect(s.accounts.map((a) => a.id)).toEqual([MGMT]);
      expect(policiesFrom).toEqual([]);
      expect(s.workItems.total).toBe(1);
    });
  });

  it('fails cleanly, with a gap, when no identity can be established', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 400));
    const s = await scan();
    expect(s.status).toBe('failed');
    expect(s.gaps).toMatchObject([{ service: 'sts', kind: 'expired-credentials' }]);
  });
});

describe('planWork', () => {
  const c = (id: string, service: string, scope: 'global' | 'regional') =>
    defineCollector<unknown>({
      id,
      resourceType: `aws.${service}.x`,
      provider: 'aws',
      service,
      scope,
      title: id,
      permissions: [],
      async *list() {},
      toResource: () => ({}) as never,
      fixtures: [],
    });
  it('runs regional collectors per region, global ones once in the home region, Organizations ones in the organisation account only', async () => {
    const { planWork } = await import('./run.js');
    const items = planWork(
      [
        { id: MGMT, partition: 'aws', regions: ['eu-west-1', 'us-east-1'] },
        { id: PROD, partition: 'aws-us-gov', regions: ['us-gov-west-1'] },
      ],
      [c('r', 'ec2', 'regional'), c('g', 'iam', 'global'), c('o', 'organizations', 'global')],
      MGMT,
    );
    expect(items.map((i) => `${i.account}|${i.region}|${i.collector}`)).toEqual([
      `${MGMT}|eu-west-1|r`,
      `${MGMT}|us-east-1|r`,
      `${MGMT}|us-east-1|g`,
      `${MGMT}|us-east-1|o`,
      `${PROD}|us-gov-west-1|r`,
      `${PROD}|us-gov-west-1|g`,
    ]);
  });
});
