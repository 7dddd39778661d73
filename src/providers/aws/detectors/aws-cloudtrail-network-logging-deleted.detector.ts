import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, succeeded } from './common.js';

const ACTIONS = new Set(['DeleteFlowLogs', 'DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig']);

/** VPC flow logs or Route 53 Resolver query logs removed: network visibility is lost. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-network-logging-deleted',
  title: 'VPC flow logs or DNS query logs deleted',
  description: 'DeleteFlowLogs, or a Route 53 Resolver query-logging configuration deleted or disassociated.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1562.008'],
  actions: ['ec2', 'route53resolver'].flatMap((s) => [...ACTIONS].map((a) => `${s}:${a}`)),
  logic: {
    kind: 'match',
    match: (e) => ACTIONS.has(e.action) && succeeded(e) && (e.service === 'ec2' || e.service === 'route53resolver'),
    key: (e) => `${e.account}:${e.region}`,
  },
  fixtures: {
    hit: [
      {
        name: 'flow logs deleted',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'DeleteFlowLogs',
            requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0abc', tag: 1 } } },
          }),
        ],
      },
      {
        name: 'resolver query log config deleted',
        events: [
          ct({
            eventSource: 'route53resolver.amazonaws.com',
            eventName: 'DeleteResolverQueryLogConfig',
            requestParameters: { resolverQueryLogConfigId: 'rqlc-1' },
          }),
        ],
      },
    ],
    miss: [{ name: 'flow logs created', events: [ct({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateFlowLogs' })] }],
  },
});
