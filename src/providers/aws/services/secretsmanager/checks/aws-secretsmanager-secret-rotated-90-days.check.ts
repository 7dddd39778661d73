import { z } from 'zod';
import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { ageDays } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-secretsmanager-secret-rotated-90-days',
  title: 'Secrets Manager secret has been rotated in the last 90 days',
  description: 'Counts from the last rotation, or from creation when the secret was never rotated.',
  provider: 'aws',
  resourceType: 'aws.secretsmanager.secret',
  severity: 'medium',
  risk: 'Rotation that is configured but failing, or never configured, leaves the same credential valid for months.',
  remediation: { text: 'Rotate the secret now and fix the rotation function or schedule so rotation keeps happening.' },
  compliance: [nist('IA-5'), nist('IA-5(1)'), pci('8.3.9'), pci('8.6.3')],
  params: z.object({ days: z.number().int().positive().default(90) }),
  evaluate(r, ctx) {
    const days = ageDays(r.config.LastRotatedDate ?? r.config.CreatedDate, ctx.now);
    return days !== undefined && days > ctx.params.days
      ? fail(`secret not rotated for ${days} days`, { lastRotated: r.config.LastRotatedDate ?? null })
      : pass({ days });
  },
  fixtures: [
    fx('rotated last month', { Name: 'db', CreatedDate: '2024-01-01T00:00:00Z', LastRotatedDate: '2026-10-30T00:00:00Z' }, 'pass'),
    fx('rotated last year', { Name: 'db', CreatedDate: '2024-01-01T00:00:00Z', LastRotatedDate: '2025-10-30T00:00:00Z' }, 'fail'),
    fx('never rotated, old', { Name: 'api', CreatedDate: '2025-01-01T00:00:00Z' }, 'fail'),
  ],
});
