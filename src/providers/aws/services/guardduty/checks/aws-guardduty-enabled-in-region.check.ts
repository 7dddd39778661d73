import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { regionalServiceEnabled } from '../../../check-kits.js';

export default defineCheck(
  regionalServiceEnabled({
    id: 'aws-guardduty-enabled-in-region',
    title: 'GuardDuty is enabled in the region',
    severity: 'medium',
    risk: 'Without GuardDuty, credential misuse, crypto-mining and reconnaissance in this region raise no alert.',
    remediation: 'Enable GuardDuty in every region, ideally from a delegated administrator with auto-enable for the organisation.',
    compliance: [nist('SI-4'), nist('SI-4(2)'), nist('IR-5'), pci('11.5.1'), pci('10.4.1.1')],
    service: 'guardduty',
    type: 'aws.guardduty.detector',
    enabled: (d) => d.Status === 'ENABLED',
    example: { DetectorId: 'd1', Status: 'ENABLED' },
    disabled: { DetectorId: 'd1', Status: 'DISABLED' },
  }),
);
