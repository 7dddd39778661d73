import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-user-console-mfa-enabled',
  title: 'IAM user with a console password has MFA enabled',
  provider: 'aws',
  resourceType: 'aws.iam.user',
  severity: 'high',
  risk: 'A console password without MFA falls to phishing, credential stuffing or a guessed password.',
  remediation: { text: 'Assign an MFA device to the user, or remove the console password if the user does not need the console.' },
  compliance: [cis('1.9'), nist('IA-2(1)'), nist('IA-2(2)'), pci('8.4.2'), pci('8.4.3')],
  needs: ['loginProfile', 'mfaDevices'],
  evaluate(r) {
    const missing = missingHydrated(r, ['loginProfile', 'mfaDevices']);
    if (missing) return missing;
    if (!r.config.loginProfile) return notApplicable('user has no console password');
    return r.config.mfaDevices.length ? pass({ mfaDevices: r.config.mfaDevices.length }) : fail('console user has no MFA device');
  },
  fixtures: [
    fx(
      'console user with MFA',
      { UserName: 'alice', loginProfile: { CreateDate: '2026-01-01T00:00:00Z' }, mfaDevices: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/alice' }] },
      'pass',
    ),
    fx('console user without MFA', { UserName: 'bob', loginProfile: { CreateDate: '2026-01-01T00:00:00Z' }, mfaDevices: [] }, 'fail'),
    fx('programmatic user', { UserName: 'ci', loginProfile: null, mfaDevices: [] }, 'not-applicable'),
    fx('MFA devices unreadable', { UserName: 'bob', loginProfile: {}, _errors: { mfaDevices: 'access-denied' } }, 'error'),
  ],
});
