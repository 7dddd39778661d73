import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-secretsmanager-secret-policy-not-public',
    title: 'Secrets Manager secret policy does not grant access to any principal',
    resourceType: 'aws.secretsmanager.secret',
    severity: 'critical',
    risk: 'Any AWS account could read the secret value.',
    remediation: 'Remove Principal "*" statements from the secret resource policy, or narrow them with aws:PrincipalOrgID.',
    compliance: [nist('AC-3'), nist('IA-5'), pci('7.2.1'), pci('8.3.2')],
    key: 'policy',
    hydrated: true,
  }),
);
