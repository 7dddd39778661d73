import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-instance-detailed-monitoring-enabled',
  title: 'EC2 instance has detailed monitoring enabled',
  provider: 'aws',
  resourceType: 'aws.ec2.instance',
  severity: 'low',
  risk: 'Five-minute metrics hide short spikes (crypto-mining bursts, exfiltration) and slow down alarms.',
  remediation: { text: 'Enable detailed monitoring (aws ec2 monitor-instances --instance-ids …).' },
  compliance: [nist('SI-4'), nist('CA-7'), pci('10.2.1')],
  evaluate(r) {
    const state = r.config.State?.Name;
    if (['stopping', 'stopped', 'shutting-down', 'terminated'].includes(state)) return notApplicable(`instance is ${state}`);
    return r.config.Monitoring?.State === 'enabled' ? pass() : fail('detailed monitoring is disabled');
  },
  fixtures: [
    fx('enabled', { State: { Name: 'running' }, Monitoring: { State: 'enabled' } }, 'pass'),
    fx('disabled', { State: { Name: 'running' }, Monitoring: { State: 'disabled' } }, 'fail'),
    fx('pending, disabled', { State: { Name: 'pending' }, Monitoring: { State: 'disabled' } }, 'fail'),
    fx('stopped', { State: { Name: 'stopped' }, Monitoring: { State: 'disabled' } }, 'not-applicable'),
  ],
});
