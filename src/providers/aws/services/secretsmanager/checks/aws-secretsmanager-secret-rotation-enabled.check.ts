import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-secretsmanager-secret-rotation-enabled',
    title: 'Secrets Manager secret has automatic rotation enabled',
    resourceType: 'aws.secretsmanager.secret',
    severity: 'medium',
    risk: 'A secret that never rotates stays valid forever once copied or leaked.',
    remediation: 'Configure a rotation Lambda and schedule (aws secretsmanager rotate-secret --rotation-rules AutomaticallyAfterDays=30).',
    compliance: [nist('IA-5'), nist('SC-12'), pci('8.6.3'), pci('8.3.9')],
    test: (c) => c.RotationEnabled === true,
    problem: () => 'automatic rotation is disabled',
    good: { Name: 'db', RotationEnabled: true },
    bad: { Name: 'db', RotationEnabled: false },
  }),
);
