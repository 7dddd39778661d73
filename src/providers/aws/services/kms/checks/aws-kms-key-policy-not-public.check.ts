import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-kms-key-policy-not-public',
    title: 'KMS key policy does not grant access to any principal',
    resourceType: 'aws.kms.key',
    severity: 'critical',
    risk: 'Any AWS account can use (or manage) the key: the data it protects is only as private as the ciphertext.',
    remediation: 'Replace Principal "*" with the account root or named roles, or add a kms:CallerAccount (or aws:PrincipalOrgID) condition.',
    compliance: [nist('SC-12'), nist('AC-3'), pci('3.6.1'), pci('7.2.1')],
    key: 'policy',
    hydrated: true,
  }),
);
