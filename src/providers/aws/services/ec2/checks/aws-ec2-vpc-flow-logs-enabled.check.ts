import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-ec2-vpc-flow-logs-enabled',
  title: 'VPC has flow logging enabled (all or rejected traffic)',
  provider: 'aws',
  resourceType: 'aws.ec2.vpc',
  severity: 'medium',
  risk: 'Without flow logs there is no record of who talked to what in the VPC: intrusions, exfiltration and scans go unseen and cannot be investigated.',
  remediation: { text: 'Create a flow log for the VPC (traffic type ALL, or at least REJECT) delivering to CloudWatch Logs or S3.' },
  compliance: [cis('3.7'), nist('AU-2'), nist('AU-12'), nist('SI-4'), pci('10.2.1')],
  needs: ['flowLogs'],
  evaluate(r) {
    const missing = missingHydrated(r, ['flowLogs']);
    if (missing) return missing;
    // Rejected traffic is what reveals scans and blocked intrusions: an ACCEPT-only log does not count.
    const active = (r.config.flowLogs ?? []).filter(
      (f: { FlowLogStatus?: string; TrafficType?: string }) => (f.FlowLogStatus ?? 'ACTIVE') === 'ACTIVE' && (f.TrafficType ?? 'ALL') !== 'ACCEPT',
    );
    return active.length
      ? pass({ flowLogs: active.map((f: { FlowLogId?: string }) => f.FlowLogId) })
      : fail('VPC has no active flow log recording rejected traffic');
  },
  fixtures: [
    fx('active flow log', { VpcId: 'vpc-1', flowLogs: [{ FlowLogId: 'fl-1', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' }] }, 'pass'),
    fx('no flow logs', { VpcId: 'vpc-1', flowLogs: [] }, 'fail'),
    fx('accepted traffic only', { VpcId: 'vpc-1', flowLogs: [{ FlowLogId: 'fl-2', FlowLogStatus: 'ACTIVE', TrafficType: 'ACCEPT' }] }, 'fail'),
    fx('flow logs unreadable', { VpcId: 'vpc-1', _errors: { flowLogs: 'access-denied' } }, 'error'),
  ],
});
