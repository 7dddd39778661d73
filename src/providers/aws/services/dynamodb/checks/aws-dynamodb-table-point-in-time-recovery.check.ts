import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-dynamodb-table-point-in-time-recovery',
    title: 'DynamoDB table has point-in-time recovery',
    resourceType: 'aws.dynamodb.table',
    severity: 'medium',
    risk: 'Without PITR an accidental or malicious overwrite cannot be rolled back to a moment before it.',
    remediation: 'Enable point-in-time recovery (aws dynamodb update-continuous-backups).',
    compliance: [nist('CP-9'), nist('CP-10'), pci('10.5.1')],
    needs: ['continuousBackups'],
    test: (c) => c.continuousBackups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED',
    problem: () => 'point-in-time recovery is disabled',
    good: { continuousBackups: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } },
    bad: { continuousBackups: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } },
  }),
);
