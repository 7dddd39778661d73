import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-efs-file-system-policy-not-public',
    title: 'EFS file system policy does not grant access to any principal',
    resourceType: 'aws.efs.file-system',
    severity: 'high',
    risk: 'A Principal "*" file system policy lets any identity that can reach a mount target mount and write the file system.',
    remediation: 'Restrict the file system policy to named roles or add aws:SourceVpc / aws:PrincipalOrgID conditions.',
    compliance: [nist('AC-3'), nist('AC-6'), pci('7.2.1')],
    key: 'policy',
    hydrated: true,
  }),
);
