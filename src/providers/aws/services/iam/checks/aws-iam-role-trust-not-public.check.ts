import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, pass, fail } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { publicStatements } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-role-trust-not-public',
  title: 'IAM role cannot be assumed by any AWS principal',
  provider: 'aws',
  resourceType: 'aws.iam.role',
  severity: 'critical',
  risk: 'A trust policy with Principal "*" and no narrowing condition lets any AWS account in the world assume the role and use its permissions.',
  remediation: { text: 'Name the exact accounts, roles or services in the trust policy Principal, or add a condition on aws:PrincipalOrgID / sts:ExternalId.' },
  compliance: [nist('AC-3'), nist('AC-6'), nist('IA-9'), pci('7.2.1'), pci('8.2.1')],
  evaluate(r) {
    const open = publicStatements(r.config.AssumeRolePolicyDocument);
    return open.length ? fail('trust policy lets anyone assume the role', { statements: open }) : pass();
  },
  fixtures: [
    fx(
      'trusted service',
      { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
      'pass',
    ),
    fx('anyone', { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } }, 'fail'),
    fx(
      'anyone in the organisation',
      {
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }],
        },
      },
      'pass',
    ),
  ],
});
