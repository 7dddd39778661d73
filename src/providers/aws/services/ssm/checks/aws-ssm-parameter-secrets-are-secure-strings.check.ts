import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { looksLikeSecretName } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-ssm-parameter-secrets-are-secure-strings',
    title: 'SSM parameters with secret-like names are SecureStrings',
    resourceType: 'aws.ssm.parameter',
    severity: 'medium',
    risk: 'A password or token stored as a plain String is readable by anyone with ssm:GetParameter and is not encrypted with KMS.',
    remediation: 'Recreate the parameter as a SecureString (and rotate the value).',
    compliance: [nist('SC-28'), nist('IA-5'), pci('8.3.2'), pci('8.6.2')],
    test: (c) =>
      c.Type === 'SecureString' ||
      !looksLikeSecretName(
        String(c.Name ?? '')
          .split('/')
          .pop() ?? '',
      ),
    problem: (c) => `parameter ${c.Name} looks like a secret but is a ${c.Type}`,
    good: [
      { Name: '/app/db/password', Type: 'SecureString' },
      { Name: '/app/log-level', Type: 'String' },
    ],
    bad: { Name: '/app/db/password', Type: 'String' },
  }),
);
