import * as iamsdk from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { awsError, collect, replay, testContext } from '../../../../../test/support/aws-replay.js';
import credentialReport, { reportPolling } from './aws-iam-credential-report.collector.js';
import passwordPolicy from './aws-iam-password-policy.collector.js';
import role from './aws-iam-role.collector.js';
import user from './aws-iam-user.collector.js';

const iam = mockClient(iamsdk.IAMClient);
afterEach(() => iam.reset());
const ctx = (wanted: string[] = []) => testContext({ account: '644160558196', wanted });

describe('IAM collectors over recorded responses', () => {
  it('links users to their attached policies and groups', async () => {
    replay(iam, iamsdk, 'test_iam_user_admin_policy_include_via', 'iam');
    const { resources, edges } = await collect(user, ctx(['attachedPolicies', 'groups']));
    expect(resources.map((r) => [r.name, r.region])).toEqual([
      ['alphabet_soup_1', 'global'],
      ['alphabet_soup_2', 'global'],
    ]);
    const soup1 = resources[0]!.id;
    expect(edges).toContainEqual({ from: soup1, kind: 'has-policy', to: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(edges.filter((e) => e.kind === 'member-of').map((e) => e.to)).toEqual([
      'arn:aws:iam::123456789000:group/AdminGroup',
      'arn:aws:iam::123456789000:group/AdminGroup',
    ]);
    expect(edges.filter((e) => e.kind === 'has-policy')).toHaveLength(1);
  });

  it('reads MFA devices per user: only mandeep has one', async () => {
    replay(iam, iamsdk, 'test_iam_mfa_filter', 'iam');
    const { resources } = await collect(user, ctx(['mfaDevices']));
    expect(resources.map((r) => [r.name, (r.config.mfaDevices as unknown[]).length])).toEqual([
      ['george', 0],
      ['kapil', 0],
      ['mandeep', 1],
    ]);
  });

  it('keeps access keys with their last use, or records why the last use could not be read', async () => {
    replay(iam, iamsdk, 'test_iam_user_delete_options', 'iam');
    iam
      .on(iamsdk.GetAccessKeyLastUsedCommand)
      .resolvesOnce({ UserName: 'test_user', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A', LastUsedDate: undefined } });
    let { resources } = await collect(user, ctx(['accessKeys']));
    expect(resources[0]!.config.accessKeys).toEqual([
      {
        UserName: 'test_user',
        Status: 'Active',
        CreateDate: '2018-06-01T00:02:57.000Z',
        AccessKeyId: 'AKIAJT7FGC7KLSEDVDIQ',
        LastUsed: { ServiceName: 'N/A', Region: 'N/A' },
      },
    ]);
    iam.on(iamsdk.GetAccessKeyLastUsedCommand).rejects(awsError('AccessDenied', 'not authorized to perform: iam:GetAccessKeyLastUsed', 403));
    ({ resources } = await collect(user, ctx(['accessKeys'])));
    expect(resources).toHaveLength(1);
    expect(resources[0]!.config._errors).toEqual({ accessKeys: 'access-denied' });
  });

  it('pages through ListRoles and decodes trust policies', async () => {
    const doc = encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }));
    const r = (n: string) => ({
      RoleName: n,
      Arn: `arn:aws:iam::644160558196:role/${n}`,
      RoleId: n,
      Path: '/',
      CreateDate: new Date(),
      AssumeRolePolicyDocument: doc,
    });
    iam
      .on(iamsdk.ListRolesCommand)
      .resolvesOnce({ Roles: [r('a')], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ Roles: [r('b')], IsTruncated: false });
    const { resources } = await collect(role, ctx(['none']));
    expect(resources.map((x) => x.name)).toEqual(['a', 'b']);
    expect(resources[1]!.config.AssumeRolePolicyDocument).toEqual({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    expect(iam.commandCalls(iamsdk.ListRolesCommand)[1]!.args[0].input).toEqual({ Marker: 'm1' });
  });

  it('reads a missing password policy as {}', async () => {
    replay(iam, iamsdk, 'test_account_missing_password_policy', 'iam');
    const { resources } = await collect(passwordPolicy, ctx());
    expect(resources).toEqual([expect.objectContaining({ id: 'arn:aws:iam::644160558196:account-password-policy', config: {} })]);
  });

  it('waits for a credential report in progress, then parses every row incl. the root account', async () => {
    replay(iam, iamsdk, 'test_iam_user_unused_keys_report_in_progress', 'iam');
    reportPolling.delayMs = 1;
    const { resources } = await collect(credentialReport, ctx());
    const rows = resources[0]!.config.rows as Record<string, string>[];
    expect(iam.commandCalls(iamsdk.GetCredentialReportCommand)).toHaveLength(2);
    expect(rows[0]!.user).toBe('<root_account>');
    expect(rows.length).toBeGreaterThan(1);
    expect(Object.keys(rows[0]!)).toContain('access_key_1_last_used_date');
  });
});
