import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testDialects } from '../../../../test/support/stores.js';
import type { ResourceRecord } from '../../../core/resource.js';
import { type CheckUnit, checkError, defineCheck, fail, notApplicable, pass } from '../../../core/units/check.js';
import type { Store } from '../../../store/index.js';
import { diffRuns } from './diff.js';
import { CachedGraph } from './graph.js';
import { runChecks } from './engine.js';
import { evaluateCheck, neededKeys, wantedHydrations } from './evaluate.js';
import { rulesFromConfig } from './suppressions.js';

// Test fixtures: small checks written here (not units) so the engine is tested without the library.
type Perm = { FromPort?: number; ToPort?: number; IpProtocol: string; IpRanges?: { CidrIp: string }[] };
const worldOpen = (perms: Perm[] | undefined, port: number) =>
  (perms ?? []).some(
    (p) => (p.IpProtocol === '-1' || ((p.FromPort ?? 0) <= port && port <= (p.ToPort ?? 65535))) && (p.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0'),
  );

const sshClosed = defineCheck<{ IpPermissions?: Perm[] }>({
  id: 'test-sg-ssh-not-open-to-world',
  title: 'Security group does not open SSH to the world',
  provider: 'aws',
  resourceType: 'aws.ec2.security-group',
  severity: 'high',
  risk: 'SSH from anywhere invites brute force.',
  remediation: { text: 'Restrict the source.' },
  compliance: [{ framework: 'cis-aws-5.0', control: '5.3' }],
  evaluate: (r) => (worldOpen(r.config.IpPermissions, 22) ? fail('port 22 open to 0.0.0.0/0', { port: 22 }) : pass()),
  fixtures: [],
});

const exposedInstance = defineCheck<{ IpPermissions?: Perm[] }>({
  id: 'test-sg-open-not-attached-to-public-instance',
  title: 'World-open security group is not attached to a running public instance',
  provider: 'aws',
  resourceType: 'aws.ec2.security-group',
  severity: 'critical',
  risk: 'A reachable host.',
  remediation: { text: 'Close it.' },
  compliance: [],
  scope: 'graph',
  evaluate(r, ctx) {
    if (!worldOpen(r.config.IpPermissions, 22)) return notApplicable('not open to the world');
    const hosts = ctx.graph
      .neighbours(r.id, { kind: 'uses-security-group', direction: 'in' })
      .filter((n) => n.type === 'aws.ec2.instance' && (n.config as any).State?.Name === 'running' && (n.config as any).PublicIpAddress);
    return hosts.length ? fail('attached to a running instance with a public IP', { instances: hosts.map((h) => h.id) }) : pass();
  },
  fixtures: [],
});

const bucketPolicy = defineCheck<{ policy?: { Statement: { Principal: unknown; Effect: string }[] } | null }>({
  id: 'test-s3-bucket-policy-not-public',
  title: 'Bucket policy does not allow everyone',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'high',
  risk: 'Public data.',
  remediation: { text: 'Remove Principal "*".' },
  compliance: [],
  needs: ['policy'],
  evaluate: (r) =>
    (r.config.policy?.Statement ?? []).some((s) => s.Effect === 'Allow' && (s.Principal === '*' || (s.Principal as any)?.AWS === '*'))
      ? fail('policy allows Principal "*"')
      : pass(),
  fixtures: [],
});

const guardDuty = defineCheck({
  id: 'test-guardduty-enabled',
  title: 'GuardDuty is enabled',
  provider: 'aws',
  resourceType: 'aws.sts.caller-identity',
  severity: 'medium',
  risk: 'No threat detection.',
  remediation: { text: 'Enable GuardDuty.' },
  compliance: [],
  scope: 'graph',
  evaluate(r, ctx) {
    if (ctx.account?.orgEnabled?.has('guardduty')) return pass({ via: 'organisation' });
    return ctx.graph.byType('aws.guardduty.detector', { account: r.account }).length ? pass({ via: 'account' }) : fail('no detector');
  },
  fixtures: [],
});

const keyAge = defineCheck<{ accessKeys?: { CreateDate: string }[] }, { maxAgeDays: number }>({
  id: 'test-iam-user-access-keys-rotated',
  title: 'Access keys are rotated',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'medium',
  risk: 'Old keys leak.',
  remediation: { text: 'Rotate.' },
  compliance: [],
  needs: ['accessKeys'],
  params: z.object({ maxAgeDays: z.number().int().positive().default(90) }),
  evaluate(r, ctx) {
    const old = (r.config.accessKeys ?? []).filter((k) => ctx.now.getTime() - Date.parse(k.CreateDate) > ctx.params.maxAgeDays * 86_400_000);
    return old.length ? fail(`${old.length} key(s) older than ${ctx.params.maxAgeDays} days`) : pass();
  },
  fixtures: [],
});

const broken = defineCheck({
  id: 'test-broken-check',
  title: 'Throws',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'low',
  risk: 'x',
  remediation: { text: 'x' },
  compliance: [],
  evaluate: () => {
    throw new Error('boom');
  },
  fixtures: [],
});

const CHECKS = [sshClosed, exposedInstance, bucketPolicy, guardDuty, keyAge, broken] as CheckUnit[];

const A = '222222222222';
const M = '111111111111';
const res = (type: string, id: string, config: Record<string, unknown>, extra: Partial<ResourceRecord> = {}): ResourceRecord => ({
  id,
  type,
  provider: 'aws',
  account: A,
  region: 'us-east-1',
  name: id.split('/').pop() ?? id,
  tags: {},
  config,
  ...extra,
});
const sgArn = (n: number) => `arn:aws:ec2:us-east-1:${A}:security-group/sg-${n}`;
const openSg = (n: number) =>
  res('aws.ec2.security-group', sgArn(n), { IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
const closedSg = (n: number) =>
  res('aws.ec2.security-group', sgArn(n), { IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] });
const instance = res('aws.ec2.instance', `arn:aws:ec2:us-east-1:${A}:instance/i-1`, { State: { Name: 'running' }, PublicIpAddress: '54.210.10.20' });
const bucket = (name: string, config: Record<string, unknown>, tags: Record<string, string> = {}) =>
  res('aws.s3.bucket', `arn:aws:s3:::${name}`, config, { tags, region: 'us-east-1' });
const user = (name: string, created: string) =>
  res('aws.iam.user', `arn:aws:iam::${A}:user/${name}`, { accessKeys: [{ CreateDate: created }] }, { region: 'global' });

const T1 = new Date('2026-11-20T10:00:00.000Z');
const T2 = new Date('2026-11-21T10:00:00.000Z');
const T3 = new Date('2026-11-22T10:00:00.000Z');

describe.each(testDialects())('config check engine on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  beforeEach(async () => {
    store = await dialect.open();
  });
  afterEach(async () => {
    await store.dispose();
  });

  const seed = async (records: ResourceRecord[], at: Date, edges: { from: string; to: string; kind: string }[] = []) => {
    await store.resources.upsertMany(records, { at: at.toISOString() });
    if (edges.length) await store.edges.replaceFrom([...new Set(edges.map((e) => e.from))], edges, A, at.toISOString());
  };
  const open = async () => (await store.findings.list({ source: 'config', status: 'open' }, { limit: 1000 })).items;

  it('answers a type list once per batch with one frozen list, and asks again after a load or a new batch', async () => {
    await seed([user('alice', '2026-01-01T00:00:00Z'), user('bob', '2026-01-01T00:00:00Z')], T1);
    const graph = new CachedGraph();
    graph.seed([]);
    const unanswered = graph.byType('aws.iam.user', { account: A });
    expect(unanswered).toEqual([]);
    expect(Object.isFrozen(unanswered)).toBe(false);
    expect(graph.misses).toBe(1);
    await graph.load(store);
    const first = graph.byType('aws.iam.user', { account: A });
    expect(first.map((u) => u.name).sort()).toEqual(['alice', 'bob']);
    expect(Object.isFrozen(first)).toBe(true);
    expect(graph.byType('aws.iam.user', { account: A })).toBe(first);
    graph.seed([]);
    const next = graph.byType('aws.iam.user', { account: A });
    expect(next).not.toBe(first);
    expect(next).toEqual(first);
    expect(graph.misses).toBe(1);
  });

  it('turns fails into findings, keeps errors and not-applicable apart, and walks the graph', async () => {
    await seed(
      [
        openSg(1),
        openSg(2),
        closedSg(3),
        instance,
        bucket('public', { policy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } }),
        bucket('denied', { _errors: { policy: 'access-denied' } }),
        bucket('none', { policy: null }),
        user('alice', '2026-01-01T00:00:00Z'),
      ],
      T1,
      [{ from: instance.id, to: sgArn(1), kind: 'uses-security-group' }],
    );
    const r = await runChecks(store, { checks: CHECKS, now: T1, batchSize: 3 });
    // the instance has no check of its own type: it is read only as a neighbour
    expect(r.resources).toBe(7);
    const byRule = (await open()).map((f) => `${f.ruleId} ${f.resourceId}`).sort();
    expect(byRule).toEqual(
      [
        `test-iam-user-access-keys-rotated arn:aws:iam::${A}:user/alice`,
        'test-s3-bucket-policy-not-public arn:aws:s3:::public',
        `test-sg-open-not-attached-to-public-instance ${sgArn(1)}`,
        `test-sg-ssh-not-open-to-world ${sgArn(1)}`,
        `test-sg-ssh-not-open-to-world ${sgArn(2)}`,
      ].sort(),
    );
    // access denied is an error with its reason, never a fail; a throwing check is an error too
    const denied = await store.checkResults.list({ resourceIds: ['arn:aws:s3:::denied'] });
    expect(denied).toMatchObject([{ status: 'error', reason: 'access-denied' }]);
    expect(r.reasons['access-denied']).toBe(1);
    expect(r.reasons.exception).toBe(1);
    expect(r.counts['not-applicable']).toBe(1);
    const f = (await open()).find((x) => x.ruleId === 'test-sg-open-not-attached-to-public-instance');
    expect(f?.evidence).toMatchObject({ instances: [instance.id], message: 'attached to a running instance with a public IP' });
    expect(f?.compliance).toEqual([]);
    const ssh = (await open()).find((x) => x.ruleId === 'test-sg-ssh-not-open-to-world');
    expect(ssh?.compliance).toEqual([{ framework: 'cis-aws-5.0', control: '5.3' }]);
  });

  it('resolves what is fixed or gone, keeps errored findings, and diffs runs (new, resolved, regressed, unchanged)', async () => {
    await seed([openSg(1), openSg(2), bucket('b', { policy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } })], T1);
    const r1 = await runChecks(store, { checks: CHECKS, now: T1 });
    expect(r1.diff?.new.length).toBe(3);
    // sg-1 fixed, sg-2 deleted, bucket now access-denied (must stay open), sg-4 new
    await seed([closedSg(1), bucket('b', { _errors: { policy: 'access-denied' } }), openSg(4)], T2);
    await store.resources.markDeleted([sgArn(2)], { at: T2.toISOString() });
    const r2 = await runChecks(store, { checks: CHECKS, now: T2 });
    expect(r2.findings.resolved).toBe(2);
    expect((await open()).map((f) => f.resourceId).sort()).toEqual([sgArn(4), 'arn:aws:s3:::b']);
    expect(r2.diff?.resolved.map((f) => f.resourceId).sort()).toEqual([sgArn(1), sgArn(2)]);
    expect(r2.diff?.new.map((f) => f.resourceId)).toEqual([sgArn(4)]);
    expect(r2.diff?.unchanged.map((f) => f.resourceId)).toEqual(['arn:aws:s3:::b']);
    // the results table forgets the deleted resource
    expect(await store.checkResults.list({ resourceIds: [sgArn(2)] })).toEqual([]);
    // sg-1 opened again: a regression
    await seed([openSg(1), bucket('b', { policy: null }), openSg(4)], T3);
    const r3 = await runChecks(store, { checks: CHECKS, now: T3 });
    expect(r3.findings.reopened).toBe(1);
    expect(r3.diff?.regressed.map((f) => f.resourceId)).toEqual([sgArn(1)]);
    expect(r3.diff?.resolved.map((f) => f.resourceId)).toEqual(['arn:aws:s3:::b']);
    const explicit = await diffRuns(store, { from: r1.runId, to: r3.runId });
    expect(explicit.unchanged.map((f) => f.resourceId)).toEqual([sgArn(1)]);
    expect(explicit.new.map((f) => f.resourceId)).toEqual([sgArn(4)]);
  });

  it('confirms an unchanged finding by moving last_seen only', async () => {
    await seed([openSg(1)], T1);
    await runChecks(store, { checks: [sshClosed], now: T1 });
    const r2 = await runChecks(store, { checks: [sshClosed], now: T2 });
    expect(r2.findings).toMatchObject({ created: 0, reopened: 0, updated: 1, resolved: 0 });
    const [f] = await open();
    expect([f?.firstSeen, f?.lastSeen, f?.evidence]).toEqual([T1.toISOString(), T2.toISOString(), { message: 'port 22 open to 0.0.0.0/0', port: 22 }]);
    expect(r2.diff?.unchanged.length).toBe(1);
  });

  it('evaluates only the resources an event touched and resolves only theirs', async () => {
    await seed([openSg(1), openSg(2)], T1);
    await runChecks(store, { checks: CHECKS, now: T1 });
    await seed([closedSg(1), closedSg(2)], T2);
    const r = await runChecks(store, { checks: CHECKS, now: T2, resourceIds: [sgArn(1)] });
    expect(r.kind).toBe('event');
    expect(r.resources).toBe(1);
    expect(r.diff).toBeUndefined();
    expect((await open()).map((f) => f.resourceId)).toEqual([sgArn(2)]);
  });

  it('applies params from config, disables checks, and rejects unknown ids or bad values naming the field', async () => {
    await seed([user('bob', '2026-10-01T00:00:00Z')], T1);
    await runChecks(store, { checks: CHECKS, now: T1 });
    expect((await open()).map((f) => f.ruleId)).toEqual([]);
    await runChecks(store, { checks: CHECKS, now: T2, config: { params: { 'test-iam-user-access-keys-rotated': { maxAgeDays: 30 } } } });
    expect((await open()).map((f) => f.evidence.message)).toEqual(['1 key(s) older than 30 days']);
    const r = await runChecks(store, { checks: CHECKS, now: T3, config: { disabled: ['test-broken-check'] } });
    expect(r.reasons.exception).toBeUndefined();
    await expect(runChecks(store, { checks: CHECKS, config: { disabled: ['nope'] } })).rejects.toThrow('checks.disabled: unknown check "nope"');
    await expect(runChecks(store, { checks: CHECKS, config: { params: { 'test-iam-user-access-keys-rotated': { maxAgeDays: -1 } } } })).rejects.toThrow(
      'checks.params.test-iam-user-access-keys-rotated.maxAgeDays',
    );
  });

  it('counts GuardDuty enabled through a delegated administrator in member accounts', async () => {
    const ident = (acct: string) => res('aws.sts.caller-identity', `arn:aws:sts::${acct}:caller-identity`, {}, { account: acct, region: 'global' });
    await seed([ident(A), ident('333333333333')], T1);
    const r1 = await runChecks(store, { checks: [guardDuty], now: T1 });
    expect(r1.counts.fail).toBe(2);
    await seed(
      [
        res(
          'aws.organizations.delegated-administrator',
          `arn:aws:organizations::${M}:delegated/${M}`,
          { Id: M, DelegatedServices: [{ ServicePrincipal: 'guardduty.amazonaws.com' }] },
          { account: M, region: 'global' },
        ),
        res('aws.guardduty.detector', `arn:aws:guardduty:us-east-1:${M}:detector/d1`, { Status: 'ENABLED', DetectorId: 'd1' }, { account: M }),
        res('aws.organizations.account', `arn:aws:organizations::${M}:account/o-x/${A}`, { Id: A, Status: 'ACTIVE' }, { account: M, region: 'global' }),
        res('aws.organizations.account', `arn:aws:organizations::${M}:account/o-x/${M}`, { Id: M, Status: 'ACTIVE' }, { account: M, region: 'global' }),
      ],
      T2,
    );
    const r2 = await runChecks(store, { checks: [guardDuty], now: T2 });
    // 222… is a member: covered; 333… is outside the organisation: still failing
    expect((await open()).map((f) => f.account)).toEqual(['333333333333']);
    expect(r2.counts.pass).toBe(1);
  });

  it('suppresses by tag and ARN glob (AND within, OR across), keeps them visible, and re-opens when a rule expires', async () => {
    await seed(
      [
        bucket('dev-logs', { policy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } }, { env: 'dev' }),
        bucket('prod-data', { policy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } }, { env: 'prod' }),
        bucket('web-assets', { policy: { Statement: [{ Effect: 'Allow', Principal: '*' }] } }),
      ],
      T1,
    );
    const rules = rulesFromConfig({
      suppressions: [
        { checkIds: ['test-s3-*'], tags: { env: 'dev' }, reason: 'dev buckets are public by design', owner: 'platform', author: 'carol' },
        { arnGlobs: ['arn:aws:s3:::web-*'], reason: 'static site', expires: '2026-11-20' },
      ],
    });
    const r1 = await runChecks(store, { checks: CHECKS, now: T1, suppressions: rules });
    expect(r1.findings.suppressed).toBe(2);
    const sup = (await store.findings.list({ status: 'suppressed' })).items.map((f) => f.resourceId).sort();
    expect(sup).toEqual(['arn:aws:s3:::dev-logs', 'arn:aws:s3:::web-assets']);
    expect((await open()).map((f) => f.resourceId)).toEqual(['arn:aws:s3:::prod-data']);
    const r2 = await runChecks(store, { checks: CHECKS, now: T2, suppressions: rules });
    expect(r2.findings.unsuppressed).toBe(1);
    expect((await open()).map((f) => f.resourceId).sort()).toEqual(['arn:aws:s3:::prod-data', 'arn:aws:s3:::web-assets']);
  });

  it('walks two hops (security group ← network interface → instance) through graph rounds', async () => {
    const twoHop = defineCheck({
      id: 'test-sg-not-on-public-eni-instance',
      title: 'two hops',
      provider: 'aws',
      resourceType: 'aws.ec2.security-group',
      severity: 'high',
      risk: 'x',
      remediation: { text: 'x' },
      compliance: [],
      scope: 'graph',
      evaluate(r, ctx) {
        const hosts = ctx.graph
          .neighbours(r.id, { kind: 'uses-security-group', direction: 'in' })
          .flatMap((eni) => ctx.graph.neighbours(eni.id, { kind: 'attached-to', direction: 'out' }))
          .filter((n) => (n.config as any).PublicIpAddress);
        return hosts.length ? fail('reachable', { hosts: hosts.map((h) => h.id) }) : pass();
      },
      fixtures: [],
    }) as CheckUnit;
    const eni = res('aws.ec2.network-interface', `arn:aws:ec2:us-east-1:${A}:network-interface/eni-1`, {});
    await seed([openSg(1), closedSg(2), eni, instance], T1, [
      { from: eni.id, to: sgArn(1), kind: 'uses-security-group' },
      { from: eni.id, to: instance.id, kind: 'attached-to' },
    ]);
    await runChecks(store, { checks: [twoHop], now: T1 });
    expect((await open()).map((f) => [f.resourceId, f.evidence.hosts])).toEqual([[sgArn(1), [instance.id]]]);
  });

  it('bounds the graph cache and still answers graph checks across batches', async () => {
    const sgs = Array.from({ length: 30 }, (_, i) => openSg(100 + i));
    const hosts = sgs.map((_s, i) => ({ ...instance, id: `arn:aws:ec2:us-east-1:${A}:instance/i-${100 + i}`, name: `i-${i}` }));
    await seed(
      [...sgs, ...hosts],
      T1,
      hosts.map((h, i) => ({ from: h.id, to: sgs[i]?.id as string, kind: 'uses-security-group' })),
    );
    const r = await runChecks(store, { checks: [exposedInstance], now: T1, batchSize: 7, graphCacheLimit: 10 });
    expect(r.counts.fail).toBe(30);
  });
});

describe('wantedHydrations', () => {
  it('is the union of what checks need', () => {
    expect([...wantedHydrations(CHECKS)].sort()).toEqual(['accessKeys', 'policy']);
  });
  it('a need qualified by another type is fetched for that type but is no key of the checked resource', () => {
    const graphCheck = defineCheck({
      id: 'needs-related',
      title: 't',
      provider: 'aws',
      resourceType: 'aws.rds.db-instance',
      severity: 'low',
      risk: 'r',
      remediation: { text: 'x' },
      compliance: [],
      scope: 'graph',
      needs: ['aws.rds.db-parameter-group:parameters', 'aws.rds.db-instance:tags.Name', 'policy'],
      evaluate: () => pass(),
      fixtures: [],
    });
    expect([...wantedHydrations([graphCheck])]).toEqual(['aws.rds.db-parameter-group:parameters', 'aws.rds.db-instance:tags.Name', 'policy']);
    expect(neededKeys(graphCheck)).toEqual(['tags', 'policy']);
    const db = { id: 'db', type: 'aws.rds.db-instance', provider: 'aws', account: '1', region: 'r', name: 'db', tags: {} } as const;
    const ctx = { params: {}, graph: {} as never, now: new Date(0) };
    expect(evaluateCheck(graphCheck, { ...db, config: { tags: {}, policy: {} } }, ctx).status).toBe('pass');
    expect(evaluateCheck(graphCheck, { ...db, config: { tags: {} } }, ctx)).toMatchObject({ status: 'error', reason: 'missing-data' });
  });
  it('checkError keeps the reason', () => {
    expect(checkError('access-denied')).toEqual({ status: 'error', reason: 'access-denied' });
  });
});

describe('organisation coverage', () => {
  const r = (type: string, account: string, config: Record<string, unknown>, region = 'us-east-1'): ResourceRecord => ({
    id: `${type}/${account}/${region}`,
    type,
    provider: 'aws',
    account,
    region,
    name: 'x',
    tags: {},
    config,
  });
  it('reads GuardDuty admins from the management detector, Security Hub and Config from delegated administrators, and org trails', async () => {
    const { orgCoverage, accountContext } = await import('./org.js');
    const cov = orgCoverage([
      r('aws.guardduty.detector', M, { Status: 'ENABLED', organizationAdmin: [{ AdminAccountId: '444444444444', AdminStatus: 'ENABLED' }] }),
      r('aws.guardduty.detector', '444444444444', { Status: 'ENABLED' }, 'eu-west-1'),
      r('aws.organizations.delegated-administrator', M, { Id: '555555555555', services: ['securityhub.amazonaws.com'] }),
      r('aws.securityhub.hub', '555555555555', {}),
      r('aws.cloudtrail.trail', M, { IsOrganizationTrail: true, HomeRegion: 'us-east-1', status: { IsLogging: true } }),
      r('aws.config.recorder', '666666666666', { status: { recording: true } }),
    ]);
    expect([...cov.services].sort()).toEqual([
      'cloudtrail',
      'cloudtrail:us-east-1',
      'guardduty',
      'guardduty:eu-west-1',
      'securityhub',
      'securityhub:us-east-1',
    ]);
    expect(accountContext(cov, A).orgEnabled?.has('guardduty')).toBe(true);
    // an empty admin list is no administrator
    expect([...orgCoverage([r('aws.guardduty.detector', M, { Status: 'ENABLED', organizationAdmin: [] })]).services]).toEqual([]);
  });
  it('keeps only what coverage reads of organisation resources, with the same coverage', async () => {
    const { orgCoverage, orgFacts } = await import('./org.js');
    const all = [
      r('aws.organizations.account', M, { Id: A, Status: 'ACTIVE', Email: 'a@example.com', Arn: 'x' }),
      r('aws.guardduty.detector', M, {
        Status: 'ENABLED',
        FindingPublishingFrequency: 'SIX_HOURS',
        organizationAdmin: [{ AdminAccountId: '444444444444', AdminStatus: 'ENABLED' }],
      }),
      r('aws.guardduty.detector', '444444444444', { Status: 'ENABLED', DataSources: { S3Logs: { Status: 'ENABLED' } } }, 'eu-west-1'),
      r('aws.organizations.delegated-administrator', M, { Id: '555555555555', DelegatedServices: [{ ServicePrincipal: 'config.amazonaws.com' }] }),
      r('aws.config.recorder', '555555555555', { name: 'default', status: { recording: true, lastStatus: 'SUCCESS' } }),
      r('aws.config.recorder', '555555555555', { status: { recording: false } }, 'eu-west-1'),
      r('aws.cloudtrail.trail', M, { IsOrganizationTrail: true, status: { IsLogging: false }, EventSelectors: [{ ReadWriteType: 'All' }] }),
      r('aws.cloudtrail.trail', M, { IsOrganizationTrail: false, HomeRegion: 'eu-west-1', status: { IsLogging: true } }),
    ];
    const facts = all.map(orgFacts).filter((f) => f !== null);
    // the non-organisation trail cannot contribute and is not kept; unread fields are dropped
    expect(facts).toHaveLength(all.length - 1);
    expect(facts.some((f) => 'EventSelectors' in f.config || 'Email' in f.config)).toBe(false);
    const full = orgCoverage(all);
    const slim = orgCoverage(facts);
    expect([...slim.services].sort()).toEqual([...full.services].sort());
    expect([...(slim.members ?? [])]).toEqual([...(full.members ?? [])]);
    expect([...slim.services].sort()).toEqual(['config', 'config:us-east-1', 'guardduty', 'guardduty:eu-west-1']);
  });
});
