import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-ec2-launch-template-imdsv2-required',
  title: 'Launch template requires IMDSv2 for the instances it launches',
  provider: 'aws',
  resourceType: 'aws.ec2.launch-template',
  severity: 'medium',
  risk: 'Every instance launched from this template (Auto Scaling groups included) allows IMDSv1, so role credentials are one SSRF away.',
  remediation: { text: 'Create a new template version with MetadataOptions HttpTokens=required and make it the default version.' },
  compliance: [nist('CM-2'), nist('CM-6'), nist('AC-3'), pci('2.2.1'), pci('2.2.6')],
  needs: ['latestVersion'],
  evaluate(r) {
    const missing = missingHydrated(r, ['latestVersion']);
    if (missing) return missing;
    const md = r.config.latestVersion?.MetadataOptions ?? {};
    if (md.HttpEndpoint === 'disabled' || md.HttpTokens === 'required') return pass({ MetadataOptions: md });
    return fail('template does not require IMDSv2 (HttpTokens unset or optional)', { MetadataOptions: md });
  },
  fixtures: [
    fx('tokens required', { latestVersion: { MetadataOptions: { HttpTokens: 'required' } } }, 'pass'),
    fx('metadata options unset', { latestVersion: { ImageId: 'ami-1' } }, 'fail'),
    fx('template data unreadable', { _errors: { latestVersion: 'access-denied' } }, 'error'),
  ],
});
