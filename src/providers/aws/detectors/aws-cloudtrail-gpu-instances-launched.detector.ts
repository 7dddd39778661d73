import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, paramStr } from './common.js';

/** GPU and accelerator families: what cryptominers and LLM-jackers launch. */
const GPU = /^(p2|p3|p3dn|p4d|p4de|p5|p5e|g3|g3s|g4dn|g4ad|g5|g5g|g6|g6e|gr6|inf1|inf2|trn1|trn1n|trn2|dl1|dl2q|f1|vt1)\./;

/** Resource hijacking: GPU instances launched (or attempted), often many at once. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-gpu-instances-launched',
  title: 'GPU or accelerator instances launched',
  description:
    'RunInstances for a GPU/accelerator instance type (p*, g*, inf*, trn*…), successful or denied: the usual first step of cryptomining on stolen credentials.',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1496'],
  actions: ['ec2:RunInstances'],
  logic: {
    kind: 'match',
    match: (e) => {
      if (e.service !== 'ec2' || e.action !== 'RunInstances') return false;
      const type = paramStr(e, 'instanceType') ?? '';
      return GPU.test(type) ? { details: { instanceType: type, denied: !!e.errorCode } } : false;
    },
    key: (e) => e.actor.identity,
  },
  fixtures: {
    hit: [
      {
        name: 'p2.xlarge attempted',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'RunInstances',
            errorCode: 'Client.UnauthorizedOperation',
            requestParameters: { instanceType: 'p2.xlarge' },
          }),
        ],
      },
    ],
    miss: [
      { name: 't3.micro', events: [ct({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', requestParameters: { instanceType: 't3.micro' } })] },
    ],
  },
});
