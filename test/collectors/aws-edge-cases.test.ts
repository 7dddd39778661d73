import * as iamsdk from '@aws-sdk/client-iam';
import * as orgsdk from '@aws-sdk/client-organizations';
import * as shsdk from '@aws-sdk/client-securityhub';
import * as ssmsdk from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../src/providers/aws/services/iam/aws-iam-credential-report.collector.js';
import user from '../../src/providers/aws/services/iam/aws-iam-user.collector.js';
import ou from '../../src/providers/aws/services/organizations/aws-organizations-ou.collector.js';
import scp from '../../src/providers/aws/services/organizations/aws-organizations-policy.collector.js';
import parameter from '../../src/providers/aws/services/ssm/aws-ssm-parameter.collector.js';
import hub from '../../src/providers/aws/services/securityhub/aws-securityhub-hub.collector.js';
import { awsError, collect, replay, testContext } from '../support/aws-replay.js';

const sh = mockClient(shsdk.SecurityHubClient);
const orgs = mockClient(orgsdk.OrganizationsClient);
const iam = mockClient(iamsdk.IAMClient);
const ssm = mockClient(ssmsdk.SSMClient);
afterEach(() => {
  for (const m of [sh, orgs, iam, ssm]) m.reset();
});

describe('collector edge cases', () => {
  it('Security Hub: the recorded hub with its enabled standards', async () => {
    replay(sh, shsdk, 'test_security_hub_master_filter', 'securityhub');
    sh.on(shsdk.GetEnabledStandardsCommand).resolves({
      StandardsSubscriptions: [
        {
          StandardsSubscriptionArn: 'arn:aws:securityhub:us-east-1:644160558196:subscription/cis-aws-foundations-benchmark/v/1.2.0',
          StandardsArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
          StandardsInput: {},
          StandardsStatus: 'READY',
        },
      ],
    });
    const { resources } = await collect(hub, testContext({ account: '644160558196' }));
    expect(resources.map((r) => r.id)).toEqual(['arn:aws:securityhub:us-east-1:644160558196:hub/default']);
    expect((resources[0]!.config.standards as unknown[]).length).toBe(1);
  });

  it('Security Hub: a region where it is not enabled yields no hub rather than an error', async () => {
    sh.on(shsdk.DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 644160558196 is not subscribed to AWS Security Hub', 401));
    expect((await collect(hub, testContext())).resources).toEqual([]);
  });

  it('Organizations: walks the OU tree breadth-first from the root, each OU linked to its parent', async () => {
    const arn = (id: string) => `arn:aws:organizations::111111111111:ou/o-acme0demo1/${id}`;
    orgs.on(orgsdk.ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', Arn: 'arn:aws:organizations::111111111111:root/o-acme0demo1/r-ab12', Name: 'Root' }] });
    orgs
      .on(orgsdk.ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-prod', Arn: arn('ou-prod'), Name: 'Production' }] });
    orgs
      .on(orgsdk.ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-prod' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-pay', Arn: arn('ou-pay'), Name: 'Payments' }] });
    orgs.on(orgsdk.ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-pay' }).resolves({ OrganizationalUnits: [] });
    const { resources, edges } = await collect(ou, testContext({ account: '111111111111' }));
    expect(resources.map((r) => [r.name, r.region])).toEqual([
      ['Root', 'global'],
      ['Production', 'global'],
      ['Payments', 'global'],
    ]);
    expect(edges).toEqual([
      { from: arn('ou-prod'), kind: 'in-ou', to: 'arn:aws:organizations::111111111111:root/o-acme0demo1/r-ab12' },
      { from: arn('ou-pay'), kind: 'in-ou', to: arn('ou-prod') },
    ]);
  });

  it('Organizations: an IAM CreatePolicy (same event name) costs no call; an SCP id is re-read', async () => {
    orgs.on(orgsdk.DescribePolicyCommand).resolves({
      Policy: {
        PolicySummary: {
          Id: 'p-deny0leave',
          Arn: 'arn:aws:organizations::111111111111:policy/o-acme0demo1/service_control_policy/p-deny0leave',
          Name: 'deny-leave',
          Type: 'SERVICE_CONTROL_POLICY',
        },
      },
    });
    const { resources } = await collect(scp, testContext({ account: '111111111111', wanted: ['none'] }), {
      refresh: ['arn:aws:iam::111111111111:policy/app-read', 'p-deny0leave'],
    });
    expect(resources.map((r) => r.name)).toEqual(['deny-leave']);
    expect(orgs.commandCalls(orgsdk.DescribePolicyCommand).map((c) => c.args[0].input)).toEqual([{ PolicyId: 'p-deny0leave' }]);
  });

  it('SSM: a parameter named by ARN in an event is re-read by its hierarchical name', async () => {
    ssm.on(ssmsdk.DescribeParametersCommand).resolves({ Parameters: [{ Name: '/app/db-url', Type: 'SecureString' }] });
    const { resources } = await collect(parameter, testContext({ wanted: ['none'] }), { refresh: ['arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url'] });
    expect(resources.map((r) => r.id)).toEqual(['arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url']);
    expect(ssm.commandCalls(ssmsdk.DescribeParametersCommand)[0]!.args[0].input).toEqual({
      ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/app/db-url'] }],
    });
  });

  it('IAM: refreshing a user deleted in the meantime yields nothing, an existing one is re-read', async () => {
    iam.on(iamsdk.GetUserCommand, { UserName: 'gone' }).rejects(awsError('NoSuchEntity', 'The user with name gone cannot be found.', 404));
    iam
      .on(iamsdk.GetUserCommand, { UserName: 'alice' })
      .resolves({ User: { UserName: 'alice', UserId: 'AIDA1', Arn: 'arn:aws:iam::222222222222:user/alice', Path: '/', CreateDate: new Date() } });
    const { resources } = await collect(user, testContext({ account: '222222222222', wanted: ['none'] }), {
      refresh: ['arn:aws:iam::222222222222:user/gone', 'arn:aws:iam::222222222222:user/alice'],
    });
    expect(resources.map((r) => r.id)).toEqual(['arn:aws:iam::222222222222:user/alice']);
  });

  it('credential report: a user name with a comma keeps its columns aligned', () => {
    const rows = parseCredentialReport('user,arn,mfa_active\n<root_account>,arn:aws:iam::1:root,true\nsmith,john,arn:aws:iam::1:user/smith,john,false\n');
    expect(rows).toEqual([
      { user: '<root_account>', arn: 'arn:aws:iam::1:root', mfa_active: 'true' },
      { user: 'smith,john', arn: 'arn:aws:iam::1:user/smith,john', mfa_active: 'false' },
    ]);
  });
});
