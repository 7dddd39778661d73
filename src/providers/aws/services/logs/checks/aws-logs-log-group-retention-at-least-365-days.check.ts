import { z } from 'zod';
import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-logs-log-group-retention-at-least-365-days',
  title: 'CloudWatch log group keeps events for at least a year',
  description: 'A group without a retention period keeps events forever and passes; `minDays` (default 365) sets the floor.',
  provider: 'aws',
  resourceType: 'aws.logs.log-group',
  severity: 'low',
  risk: 'Short retention deletes the evidence before an intrusion is discovered (often months later).',
  remediation: { text: 'Raise the retention to at least 365 days, or export the logs to long-term storage.' },
  compliance: [nist('AU-11'), pci('10.5.1')],
  params: z.object({ minDays: z.number().int().positive().default(365) }),
  evaluate(r, ctx) {
    const days = r.config.retentionInDays;
    return days && days < ctx.params.minDays
      ? fail(`events are kept ${days} day(s)`, { retentionInDays: days })
      : pass({ retentionInDays: days ?? 'never expire' });
  },
  fixtures: [fx('kept 400 days', { retentionInDays: 400 }, 'pass'), fx('never expire', {}, 'pass'), fx('kept 7 days', { retentionInDays: 7 }, 'fail')],
});
