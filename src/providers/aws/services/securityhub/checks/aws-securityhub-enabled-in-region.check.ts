import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { regionalServiceEnabled } from '../../../check-kits.js';

export default defineCheck(
  regionalServiceEnabled({
    id: 'aws-securityhub-enabled-in-region',
    title: 'Security Hub is enabled in the region',
    severity: 'medium',
    risk: 'Without Security Hub, findings from GuardDuty, Inspector, Config and partners are not aggregated or checked against standards in this region.',
    remediation: 'Enable Security Hub in every region, ideally from a delegated administrator with central configuration.',
    compliance: [cis('4.16'), nist('SI-4'), nist('CA-7'), nist('RA-5'), pci('10.4.1.1'), pci('11.5.1')],
    service: 'securityhub',
    type: 'aws.securityhub.hub',
    enabled: (h) => !!h.HubArn,
    example: { HubArn: 'arn:aws:securityhub:us-east-1:123456789012:hub/default', standards: [] },
    disabled: {},
  }),
);
