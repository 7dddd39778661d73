import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { allBlocked } from './aws-s3-bucket-public-access-blocked.check.js';

export default defineCheck({
  id: 'aws-s3-account-public-access-blocked',
  title: 'S3 Block Public Access is enabled for the whole account',
  provider: 'aws',
  resourceType: 'aws.s3.account-public-access-block',
  severity: 'high',
  risk: 'Without the account-wide setting every new bucket depends on its own configuration to stay private.',
  remediation: { text: 'Enable all four account-level Block Public Access settings (S3 console → Block Public Access settings for this account).' },
  compliance: [cis('2.1.4'), nist('AC-3'), nist('AC-21'), pci('1.4.4')],
  evaluate: (r) => (allBlocked(r.config) ? pass() : fail('account-level Block Public Access is not fully enabled', { setting: r.config })),
  fixtures: [
    fx('all four on', { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }, 'pass'),
    fx('never configured', {}, 'fail'),
    fx('policies not blocked', { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true }, 'fail'),
  ],
});
