import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-s3-bucket-acls-disabled',
  title: 'S3 bucket has ACLs disabled (Object Ownership: bucket owner enforced)',
  provider: 'aws',
  resourceType: 'aws.s3.bucket',
  severity: 'low',
  risk: 'With ACLs active, objects can be made public or owned by other accounts one object at a time, outside the bucket policy.',
  remediation: { text: 'Set Object Ownership to BucketOwnerEnforced after moving any needed ACL grants into the bucket policy.' },
  compliance: [nist('AC-3'), nist('AC-6'), pci('7.2.1')],
  needs: ['ownershipControls'],
  evaluate(r) {
    const missing = missingHydrated(r, ['ownershipControls']);
    if (missing) return missing;
    const v = r.config.ownershipControls;
    return (v?.Rules ?? []).some((x: any) => x.ObjectOwnership === 'BucketOwnerEnforced')
      ? pass({ ownershipControls: v })
      : fail('bucket ACLs are still enabled', { ownershipControls: v ?? null });
  },
  fixtures: [
    fx('configured', { ownershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }, 'pass'),
    fx('not configured', { ownershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }, 'fail'),
    fx('unreadable', { _errors: { ownershipControls: 'access-denied' } }, 'error'),
  ],
});
