import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { regionalServiceEnabled } from '../../../check-kits.js';

/**
 * A region is covered by a logging trail homed there, or by a multi-region trail anywhere in the
 * account: the kit looks in the same region, and multi-region trails appear in every region as
 * shadow trails (DescribeTrails includes them), so both cases are found.
 */
export default defineCheck(
  regionalServiceEnabled({
    id: 'aws-cloudtrail-enabled-in-region',
    title: 'CloudTrail records API activity in the region',
    severity: 'high',
    risk: 'API calls in an unrecorded region leave no audit trail: resources started there by an intruder are invisible to investigation.',
    remediation: 'Create a multi-region trail (or an organisation trail from the management account) with management events enabled.',
    compliance: [nist('AU-2'), nist('AU-12'), nist('SI-4'), pci('10.2.1')],
    service: 'cloudtrail',
    orgWide: true,
    type: 'aws.cloudtrail.trail',
    enabled: (t) => t.status?.IsLogging !== false,
    example: { Name: 'org', IsMultiRegionTrail: true, status: { IsLogging: true } },
    disabled: { Name: 'org', IsMultiRegionTrail: true, status: { IsLogging: false } },
  }),
);
