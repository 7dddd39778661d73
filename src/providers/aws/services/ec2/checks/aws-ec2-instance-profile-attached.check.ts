import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-instance-profile-attached',
  title: 'EC2 instance uses an IAM instance role for AWS access',
  provider: 'aws',
  resourceType: 'aws.ec2.instance',
  severity: 'low',
  risk: 'An instance without a role that calls AWS does so with long-lived access keys stored on the host, which leak and are rarely rotated.',
  remediation: { text: 'Create an IAM role with the permissions the workload needs and attach it through an instance profile; remove stored access keys.' },
  compliance: [cis('1.17'), nist('IA-5'), nist('AC-6'), pci('8.6.2')],
  evaluate(r) {
    if (r.config.State?.Name === 'terminated') return notApplicable('instance is terminated');
    return r.config.IamInstanceProfile?.Arn ? pass({ instanceProfile: r.config.IamInstanceProfile.Arn }) : fail('instance has no IAM instance profile');
  },
  fixtures: [
    fx('profile attached', { State: { Name: 'running' }, IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/app' } }, 'pass'),
    fx('no profile', { State: { Name: 'running' } }, 'fail'),
    fx('terminated', { State: { Name: 'terminated' } }, 'not-applicable'),
  ],
});
