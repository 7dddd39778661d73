import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, distinctBurst, type Ev, paramStr, series } from './common.js';

const ID = 'aws-cloudtrail-remote-access-across-instances';

/** Instances one call reaches: SSM commands and sessions, EC2 Instance Connect, serial console keys. */
function instancesReached(e: Ev): string[] {
  switch (`${e.service}:${e.action}`) {
    case 'ssm:SendCommand':
      return asList(e.requestParameters?.instanceIds)
        .map(String)
        .concat(asList(e.requestParameters?.targets).length ? [`targets:${e.id}`] : []);
    case 'ssm:StartSession':
      return [paramStr(e, 'target') ?? e.id];
    case 'ec2-instance-connect:SendSSHPublicKey':
    case 'ec2-instance-connect:SendSerialConsoleSSHPublicKey':
      return [paramStr(e, 'instanceId') ?? e.id];
    default:
      return [];
  }
}

/** Lateral movement / execution: one identity runs commands or opens shells on several instances. */
export default defineDetector<Ev>({
  id: ID,
  title: 'Commands or sessions on several instances',
  description:
    'One identity used SSM SendCommand / StartSession, EC2 Instance Connect or serial-console keys on three or more distinct instances within fifteen minutes.',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1651', 'T1021.004'],
  actions: ['ssm:*', 'ec2-instance-connect:*'],
  logic: distinctBurst({
    id: ID,
    title: 'Commands or sessions on several instances',
    severity: 'medium',
    filter: (e) => !e.errorCode && (e.service === 'ssm' || e.service === 'ec2-instance-connect') && e.actor.type !== 'aws-service',
    key: (e) => e.actor.identity,
    values: instancesReached,
    seconds: 900,
    threshold: 3,
  }),
  fixtures: {
    hit: [
      {
        name: 'SendCommand to three instances',
        events: [
          ct({
            eventSource: 'ssm.amazonaws.com',
            eventName: 'SendCommand',
            requestParameters: { documentName: 'AWS-RunShellScript', instanceIds: ['i-1', 'i-2', 'i-3'] },
          }),
        ],
      },
      {
        name: 'sessions on three instances',
        events: series(3, 60, (i, t) =>
          ct({ eventTime: t, eventSource: 'ssm.amazonaws.com', eventName: 'StartSession', requestParameters: { target: `i-${i}` } }),
        ),
      },
    ],
    miss: [
      {
        name: 'repeated sessions to one host',
        events: series(5, 60, (_i, t) =>
          ct({ eventTime: t, eventSource: 'ssm.amazonaws.com', eventName: 'StartSession', requestParameters: { target: 'i-1' } }),
        ),
      },
    ],
  },
});
