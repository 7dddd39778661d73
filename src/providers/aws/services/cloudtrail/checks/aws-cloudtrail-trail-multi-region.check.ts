import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-multi-region',
  title: 'CloudTrail trail records all regions',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'medium',
  risk: 'A single-region trail misses activity in every other region, where attackers like to start resources unnoticed.',
  remediation: { text: 'Convert the trail to a multi-region trail (aws cloudtrail update-trail --is-multi-region-trail).' },
  compliance: [cis('3.1'), nist('AU-2'), nist('AU-12'), pci('10.2.1')],
  evaluate: (r) => (r.config.IsMultiRegionTrail === true ? pass() : fail('trail records one region only')),
  fixtures: [
    fx('compliant trail', { Name: 't', IsMultiRegionTrail: true }, 'pass'),
    fx('non-compliant trail', { Name: 't', IsMultiRegionTrail: false }, 'fail'),
  ],
});
