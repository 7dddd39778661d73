import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_IDS, loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { type Store, openStore } from '../../store/index.js';
import { raiseAlerts } from '../alerts/raise.js';
import { ClientFactory } from '../discover/client-factory.js';
import { loadUnits } from '../units.js';
import { discoveryRecollector } from './recollect.js';
import { type RemediateDeps, checkVerifier, remediateAlert } from './remediate.js';

const ec2 = mockClient(EC2Client);

describe('remediateAlert', () => {
  let store: Store;
  let alertId: string;
  const deps = (over: Partial<RemediateDeps> = {}): RemediateDeps => ({
    store,
    actor: 'carol',
    context: (account, region) => ({
      account,
      region,
      client: (C) => new C({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } } as never),
    }),
    ...over,
  });
  beforeEach(async () => {
    ec2.reset();
    store = await openStore({ sqliteFile: ':memory:' });
    await loadFallback(store);
    const r = await raiseAlerts(store, { now: new Date(DEMO.now) });
    alertId = r.opened.find((a) => (a.data as { anchorId?: string }).anchorId === FALLBACK_IDS.dbSg)?.id as string;
  });
  afterEach(() => store.close());

  it('dry-run by default: a plan shown as a diff, nothing called, audited', async () => {
    const runs = await remediateAlert(deps(), alertId);
    expect(runs.map((r) => [r.remediationId, r.status, r.mode])).toEqual([['aws-ec2-security-group-revoke-world-ingress', 'planned', 'dry-run']]);
    expect(runs[0]?.result.diff).toEqual(['# revoke internet ingress on tcp/5432 from sg-0a1b2c3d4e5f60002', '~ ingress tcp/5432: 0.0.0.0/0 → ∅']);
    expect(ec2.calls()).toHaveLength(0);
    expect((await store.audit.list({ action: 'remediation.plan' })).map((a) => a.actor)).toEqual(['carol']);
  });

  it('--apply without a policy waits for approval; --approve applies, verifies, and rollback undoes', async () => {
    expect((await remediateAlert(deps(), alertId, { apply: true }))[0]?.status).toBe('awaiting-approval');
    expect(ec2.calls()).toHaveLength(0);
    const applied = await remediateAlert(
      deps({ verify: async () => ({ ok: true, detail: 'passing: aws-ec2-security-group-no-world-ingress-db-ports' }) }),
      alertId,
      { apply: true, approve: true },
    );
    expect(applied[0]).toMatchObject({ status: 'verified', approvedBy: 'carol' });
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input).toEqual({
      GroupId: DEMO.database.securityGroup,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    const back = await remediateAlert(deps(), alertId, { rollback: true });
    expect(back[0]?.status).toBe('rolled-back');
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(1);
    const audit = (await store.audit.list()).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['remediation.awaiting-approval', 'remediation.apply', 'remediation.rollback']));
    expect((await store.alerts.history(alertId)).some((h) => h.action === 'remediated' && h.note?.includes('verified'))).toBe(true);
    await expect(remediateAlert(deps(), alertId, { rollback: true })).rejects.toThrow(/no applied remediation/);
  });

  it('a policy allows automatic apply by check, severity and account; excludeTags refuses', async () => {
    const policy = { auto: [{ checks: ['aws-ec2-security-group-no-world-ingress'], minSeverity: 'critical' as const, accounts: [DEMO.accounts.prod.id] }] };
    const runs = await remediateAlert(deps({ policy }), alertId, { apply: true });
    expect(runs[0]).toMatchObject({ status: 'applied', approvedBy: 'policy:remediation.auto[0]' });
    const other = await remediateAlert(deps({ policy: { auto: [{ accounts: ['999999999999'] }] } }), alertId, { apply: true });
    expect(other[0]?.status).toBe('awaiting-approval');
    const sg = await store.resources.get(FALLBACK_IDS.dbSg);
    await store.resources.upsertMany([{ ...(sg as NonNullable<typeof sg>), tags: { 'skywatch:remediate': 'never' } }], { at: new Date().toISOString() });
    const refused = await remediateAlert(deps({ policy: { ...policy, excludeTags: { 'skywatch:remediate': 'never' } } }), alertId, {
      apply: true,
      approve: true,
    });
    expect(refused[0]?.status).toBe('refused');
  });

  it('verifies by re-collecting the resource through discovery and re-running the checks it fixes', async () => {
    const verify = checkVerifier(
      discoveryRecollector({
        store,
        factory: new ClientFactory({ env: { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'x' }, maxAttempts: 1 }),
        collectors: loadUnits().collectors,
      }),
    );
    const sg = (await store.resources.get(FALLBACK_IDS.dbSg)) as NonNullable<Awaited<ReturnType<typeof store.resources.get>>>;
    const group = { ...(sg.config as Record<string, unknown>), GroupId: DEMO.database.securityGroup, OwnerId: sg.account };
    // The account still answers with the world-open rule: verification must fail and say which check.
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group as never] });
    const stillOpen = await remediateAlert(deps({ verify }), alertId, { apply: true, approve: true });
    expect(stillOpen[0]?.status).toBe('verify-failed');
    expect(String(stillOpen[0]?.result.verify)).toMatch(/still failing: aws-ec2-security-group/);
    await remediateAlert(deps(), alertId, { rollback: true });
    // Now the revoke took effect: the re-collected group has no world-open rule and the checks pass.
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ ...group, IpPermissions: [] } as never] });
    const fixed = await remediateAlert(deps({ verify }), alertId, { apply: true, approve: true });
    expect(fixed[0]?.status).toBe('verified');
    expect((await store.resources.get(FALLBACK_IDS.dbSg))?.config).toMatchObject({ IpPermissions: [] });
  });
});
