import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { regionalServiceEnabled } from '../../../check-kits.js';

export default defineCheck(
  regionalServiceEnabled({
    id: 'aws-config-recorder-enabled-in-region',
    title: 'AWS Config records configuration changes in the region',
    severity: 'medium',
    risk: 'Without a recording Config recorder there is no configuration history in this region: changes cannot be audited or rolled back with evidence.',
    remediation: 'Create and start a configuration recorder recording all resource types (with a delivery channel) in every region.',
    compliance: [cis('3.3'), nist('CM-8'), nist('CM-3'), nist('CM-2'), pci('10.2.1'), pci('11.5.2'), pci('12.5.1')],
    service: 'config',
    type: 'aws.config.recorder',
    enabled: (c) => c.status?.recording === true,
    example: { name: 'default', recordingGroup: { allSupported: true }, status: { recording: true, lastStatus: 'SUCCESS' } },
    disabled: { name: 'default', recordingGroup: { allSupported: true }, status: { recording: false } },
  }),
);
