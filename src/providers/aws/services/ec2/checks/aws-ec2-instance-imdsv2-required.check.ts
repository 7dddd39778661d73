import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-instance-imdsv2-required',
  title: 'EC2 instance requires IMDSv2 (session tokens) for the metadata service',
  provider: 'aws',
  resourceType: 'aws.ec2.instance',
  severity: 'high',
  risk: 'With IMDSv1 allowed, a server-side request forgery in any application on the instance can read the instance role credentials from the metadata service.',
  remediation: { text: 'Set the instance metadata options to HttpTokens=required (aws ec2 modify-instance-metadata-options --http-tokens required).' },
  compliance: [cis('5.7'), nist('AC-3'), nist('CM-6'), nist('SC-7'), pci('2.2.6')],
  evaluate(r) {
    const state = r.config.State?.Name;
    if (state === 'terminated' || state === 'shutting-down') return notApplicable(`instance is ${state}`);
    const md = r.config.MetadataOptions ?? {};
    if (md.HttpEndpoint === 'disabled') return pass({ httpEndpoint: 'disabled' });
    return md.HttpTokens === 'required' ? pass({ httpTokens: 'required' }) : fail('instance allows IMDSv1 (HttpTokens is optional)', { MetadataOptions: md });
  },
  fixtures: [
    fx('tokens required', { State: { Name: 'running' }, MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } }, 'pass'),
    fx('metadata endpoint disabled', { State: { Name: 'running' }, MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'disabled' } }, 'pass'),
    fx('IMDSv1 allowed', { State: { Name: 'running' }, MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' } }, 'fail'),
    fx('terminated instance', { State: { Name: 'terminated' }, MetadataOptions: { HttpTokens: 'optional' } }, 'not-applicable'),
  ],
});
