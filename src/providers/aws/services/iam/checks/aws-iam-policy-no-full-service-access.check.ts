import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheckFamily, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import type { Severity } from '../../../../../core/severity.js';
import { fx } from '../../../check-kits.js';
import { allows, asArray, missingHydrated, statements } from '../../../checks-common.js';

/** Services whose "<service>:*" on every resource is as good as administrator for what they protect. */
const SERVICES: { key: string; label: string; severity: Severity }[] = [
  { key: 'iam', label: 'IAM', severity: 'critical' },
  { key: 'kms', label: 'KMS', severity: 'high' },
  { key: 'cloudtrail', label: 'CloudTrail', severity: 'high' },
  { key: 's3', label: 'S3', severity: 'high' },
  { key: 'ec2', label: 'EC2', severity: 'medium' },
  { key: 'lambda', label: 'Lambda', severity: 'medium' },
  { key: 'secretsmanager', label: 'Secrets Manager', severity: 'high' },
  { key: 'sts', label: 'STS', severity: 'high' },
];

export default defineCheckFamily({
  id: 'aws-iam-policy-no-full-service-access',
  variants: SERVICES,
  check: (v) => ({
    id: `aws-iam-policy-no-full-${v.key}-access`,
    title: `Attached IAM policy does not allow ${v.key}:* on all resources`,
    provider: 'aws',
    resourceType: 'aws.iam.policy',
    severity: v.severity,
    risk: `"${v.key}:*" on "*" hands every ${v.label} action — including the destructive and permission-changing ones — to every identity holding the policy.`,
    remediation: { text: `List the ${v.label} actions and resources the workload needs instead of ${v.key}:*.` },
    compliance: [nist('AC-6'), nist('AC-3'), pci('7.2.1'), pci('7.2.2')],
    needs: ['document'],
    evaluate(r) {
      if (!r.config.AttachmentCount) return notApplicable('policy is not attached');
      const missing = missingHydrated(r, ['document']);
      if (missing) return missing;
      const hit = statements(r.config.document).filter(
        (s) => allows(s) && asArray(s.Action).some((a) => a.toLowerCase() === `${v.key}:*`) && asArray(s.Resource).includes('*'),
      );
      return hit.length ? fail(`policy allows ${v.key}:* on all resources`, { statements: hit }) : pass();
    },
    fixtures: [
      fx('specific actions', { AttachmentCount: 1, document: { Statement: [{ Effect: 'Allow', Action: [`${v.key}:Get*`], Resource: '*' }] } }, 'pass'),
      fx(
        'full access on one resource',
        { AttachmentCount: 1, document: { Statement: [{ Effect: 'Allow', Action: `${v.key}:*`, Resource: 'arn:aws:x:::one' }] } },
        'pass',
      ),
      fx(
        'full access everywhere',
        { AttachmentCount: 1, document: { Statement: [{ Effect: 'Allow', Action: [`${v.key.toUpperCase()}:*`], Resource: ['*'] }] } },
        'fail',
      ),
      fx('document unreadable', { AttachmentCount: 1, _errors: { document: 'access-denied' } }, 'error'),
    ],
  }),
});
