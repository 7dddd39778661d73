import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-config-recorder-records-all-resources',
  title: 'AWS Config recorder records all supported resource types, global ones included',
  provider: 'aws',
  resourceType: 'aws.config.recorder',
  severity: 'low',
  risk: 'A recorder limited to a few types leaves the rest of the configuration without history or rule coverage.',
  remediation: { text: 'Set the recording group to allSupported (and includeGlobalResourceTypes in one region).' },
  compliance: [cis('3.3'), nist('CM-8'), pci('12.5.1')],
  evaluate(r) {
    const g = r.config.recordingGroup ?? {};
    return g.allSupported === true ? pass() : fail('recorder does not record all supported resource types', { recordingGroup: g });
  },
  fixtures: [
    fx('all supported', { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }, 'pass'),
    fx('selected types only', { name: 'default', recordingGroup: { allSupported: false, resourceTypes: ['AWS::EC2::Instance'] } }, 'fail'),
  ],
});
