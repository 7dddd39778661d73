import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-ecr-repository-policy-not-public',
    title: 'ECR repository policy does not grant access to any principal',
    resourceType: 'aws.ecr.repository',
    severity: 'high',
    risk: 'Any AWS account can pull (and possibly push) images: code, embedded secrets and a supply-chain foothold.',
    remediation: 'Restrict the repository policy to named accounts or add an aws:PrincipalOrgID condition.',
    compliance: [nist('AC-3'), nist('AC-21'), pci('7.2.1')],
    key: 'policy',
    hydrated: true,
  }),
);
