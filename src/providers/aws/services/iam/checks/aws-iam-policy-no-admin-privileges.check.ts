import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { grantsAdmin, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-policy-no-admin-privileges',
  title: 'No attached IAM policy grants full *:* administrative privileges',
  provider: 'aws',
  resourceType: 'aws.iam.policy',
  severity: 'high',
  risk: 'Every identity the policy is attached to can do anything in the account, including disabling logging and granting itself more.',
  remediation: { text: 'Replace the policy with one listing the actions and resources needed; keep full administrators few, federated and MFA-protected.' },
  compliance: [cis('1.15'), nist('AC-6'), nist('AC-6(10)'), pci('7.2.1'), pci('7.2.2')],
  needs: ['document'],
  evaluate(r) {
    if (!r.config.AttachmentCount) return notApplicable('policy is not attached');
    const missing = missingHydrated(r, ['document']);
    if (missing) return missing;
    return grantsAdmin(r.config.document)
      ? fail(`policy grants *:* and is attached ${r.config.AttachmentCount} time(s)`, { attachments: r.config.AttachmentCount })
      : pass();
  },
  fixtures: [
    fx('scoped policy', { PolicyName: 'read', AttachmentCount: 2, document: { Statement: [{ Effect: 'Allow', Action: ['s3:Get*'], Resource: '*' }] } }, 'pass'),
    fx(
      'attached admin policy',
      { PolicyName: 'AdministratorAccess', AttachmentCount: 1, document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      'fail',
    ),
    fx(
      'unattached admin policy',
      { PolicyName: 'spare', AttachmentCount: 0, document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      'not-applicable',
    ),
    fx('document unreadable', { PolicyName: 'x', AttachmentCount: 1, _errors: { document: 'access-denied' } }, 'error'),
  ],
});
