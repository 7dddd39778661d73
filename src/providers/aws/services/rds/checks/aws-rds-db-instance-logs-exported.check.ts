import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-rds-db-instance-logs-exported',
    title: 'RDS DB instance exports its logs to CloudWatch Logs',
    resourceType: 'aws.rds.db-instance',
    severity: 'low',
    risk: 'Database logs that stay on the instance are lost with it and are not searched for attacks.',
    remediation: 'Enable log exports (error, general/audit or postgresql) to CloudWatch Logs.',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
    test: (c) => (c.EnabledCloudwatchLogsExports ?? []).length > 0,
    problem: () => 'no database logs are exported to CloudWatch Logs',
    good: { EnabledCloudwatchLogsExports: ['postgresql'] },
    bad: { EnabledCloudwatchLogsExports: [] },
  }),
);
