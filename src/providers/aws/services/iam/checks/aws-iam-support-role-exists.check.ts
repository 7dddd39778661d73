import { cis, nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { type CheckOutcome, defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { type Cfg, asArray, memoOnLists } from '../../../checks-common.js';

const SUPPORT = /:iam::aws:policy\/AWSSupportAccess$/;
const TYPES = ['aws.iam.policy', 'aws.iam.role', 'aws.iam.group', 'aws.iam.user'];
const MEMO = new WeakMap<object, { deps: readonly object[]; value: CheckOutcome }>();
const summary = { id: 'arn:aws:iam::123456789012:account-summary', config: { Users: 3, Roles: 10 } };
const policy = (attachments: number): ResourceRecord => ({
  id: 'arn:aws:iam::aws:policy/AWSSupportAccess',
  type: 'aws.iam.policy',
  provider: 'aws',
  account: '123456789012',
  region: 'global',
  name: 'AWSSupportAccess',
  tags: {},
  config: { Arn: 'arn:aws:iam::aws:policy/AWSSupportAccess', AttachmentCount: attachments },
});
const role = (attached: string[]): ResourceRecord => ({
  id: 'arn:aws:iam::123456789012:role/support',
  type: 'aws.iam.role',
  provider: 'aws',
  account: '123456789012',
  region: 'global',
  name: 'support',
  tags: {},
  config: { attachedPolicies: attached.map((a) => ({ PolicyArn: a })) },
});

export default defineCheck({
  id: 'aws-iam-support-role-exists',
  title: 'A role or group can manage incidents with AWS Support',
  description: 'Graph check per account: AWSSupportAccess attached somewhere (policy AttachmentCount, or a role/group/user listing it).',
  provider: 'aws',
  resourceType: 'aws.iam.account-summary',
  severity: 'low',
  scope: 'graph',
  risk: 'During an incident nobody can open or follow AWS Support cases without falling back to root or an administrator.',
  remediation: { text: 'Create a role for your incident responders and attach the AWS managed policy AWSSupportAccess.' },
  compliance: [cis('1.16'), nist('IR-7'), nist('IR-4'), pci('12.10.1')],
  evaluate(r, ctx) {
    // The answer is the account's, not the summary's: computed once per account's lists.
    const lists = TYPES.map((t) => ctx.graph.byType(t, { account: r.account }));
    return memoOnLists(MEMO, lists, () => {
      const [policies = [], ...identities] = lists;
      const viaPolicy = policies.some((p) => SUPPORT.test(String((p.config as Cfg).Arn)) && Number((p.config as Cfg).AttachmentCount) > 0);
      const holders = identities.flat().filter((x) => asArray((x.config as Cfg).attachedPolicies as Cfg[]).some((p) => SUPPORT.test(String(p.PolicyArn))));
      return viaPolicy || holders.length ? pass({ holders: holders.map((h) => h.id) }) : fail('AWSSupportAccess is attached to no role, group or user');
    });
  },
  fixtures: [
    { name: 'policy attached', resource: summary, related: { resources: [policy(1)] }, expect: 'pass' },
    { name: 'role holds the policy', resource: summary, related: { resources: [role(['arn:aws:iam::aws:policy/AWSSupportAccess'])] }, expect: 'pass' },
    { name: 'policy never attached', resource: summary, related: { resources: [policy(0), role(['arn:aws:iam::aws:policy/ReadOnlyAccess'])] }, expect: 'fail' },
  ],
});
