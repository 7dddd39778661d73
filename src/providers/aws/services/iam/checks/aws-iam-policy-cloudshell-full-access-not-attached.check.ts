import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-iam-policy-cloudshell-full-access-not-attached',
  title: 'AWSCloudShellFullAccess is not attached to any identity',
  provider: 'aws',
  resourceType: 'aws.iam.policy',
  severity: 'medium',
  risk: 'CloudShell full access allows uploading and downloading files to a shell inside AWS: an easy channel for exfiltration that bypasses network controls.',
  remediation: { text: 'Detach AWSCloudShellFullAccess and grant a narrower CloudShell policy that denies file upload/download where needed.' },
  compliance: [cis('1.21'), nist('AC-6'), nist('CM-7'), pci('7.2.2')],
  evaluate(r) {
    if (!/:policy\/AWSCloudShellFullAccess$/.test(String(r.config.Arn))) return notApplicable('not the AWSCloudShellFullAccess policy');
    return r.config.AttachmentCount ? fail(`AWSCloudShellFullAccess is attached ${r.config.AttachmentCount} time(s)`) : pass();
  },
  fixtures: [
    fx('attached', { Arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess', AttachmentCount: 3 }, 'fail'),
    fx('not attached', { Arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess', AttachmentCount: 0 }, 'pass'),
    fx('other policy', { Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', AttachmentCount: 3 }, 'not-applicable'),
  ],
});
