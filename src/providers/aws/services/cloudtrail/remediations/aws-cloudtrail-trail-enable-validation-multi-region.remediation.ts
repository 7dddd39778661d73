import { CloudTrailClient, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { defineRemediation } from '../../../../../core/units/remediation.js';

export default defineRemediation<{ Name?: string; TrailARN?: string; HomeRegion?: string; LogFileValidationEnabled?: boolean; IsMultiRegionTrail?: boolean }>({
  id: 'aws-cloudtrail-trail-enable-validation-multi-region',
  title: 'Enable log-file validation and multi-region on a trail',
  resourceType: 'aws.cloudtrail.trail',
  fixes: ['aws-cloudtrail-trail-log-file-validation-enabled', 'aws-cloudtrail-trail-multi-region'],
  permissions: ['cloudtrail:UpdateTrail', 'cloudtrail:DescribeTrails'],
  impact: 'The trail records every region (more events, more S3 storage) and writes hourly digest files.',
  plan(r) {
    const c = r.config;
    const changes = [
      ...(c.LogFileValidationEnabled !== true ? [{ field: 'LogFileValidationEnabled', before: c.LogFileValidationEnabled ?? false, after: true }] : []),
      ...(c.IsMultiRegionTrail !== true ? [{ field: 'IsMultiRegionTrail', before: c.IsMultiRegionTrail ?? false, after: true }] : []),
    ];
    if (!changes.length) return null;
    return {
      remediationId: 'aws-cloudtrail-trail-enable-validation-multi-region',
      resourceId: r.id,
      summary: `harden trail ${c.Name}`,
      changes,
      data: { name: c.TrailARN ?? c.Name ?? r.id, validation: c.LogFileValidationEnabled ?? false, multiRegion: c.IsMultiRegionTrail ?? false },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(CloudTrailClient).send(new UpdateTrailCommand({ Name: String(plan.data.name), EnableLogFileValidation: true, IsMultiRegionTrail: true }));
  },
  async rollback(plan, ctx) {
    await ctx.client(CloudTrailClient).send(
      new UpdateTrailCommand({
        Name: String(plan.data.name),
        EnableLogFileValidation: Boolean(plan.data.validation),
        IsMultiRegionTrail: Boolean(plan.data.multiRegion),
      }),
    );
  },
  fixtures: [
    { name: 'single region, no validation', resource: { config: { Name: 't', LogFileValidationEnabled: false, IsMultiRegionTrail: false } }, expectChanges: 2 },
    { name: 'hardened', resource: { config: { Name: 't', LogFileValidationEnabled: true, IsMultiRegionTrail: true } }, expectChanges: 0 },
  ],
});
