import { type FlowEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { flowEvent, isAccepted, subject, subjectNum } from './network-helpers.js';

/** SSH or RDP reached from a public internet address and not rejected: the admin port is exposed and used. */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-admin-port-from-internet',
  title: 'SSH or RDP reached from the internet',
  description: 'An inbound connection from a public address to SSH (22) or RDP (3389) was not rejected.',
  source: 'aws-vpc-flow',
  severity: 'low',
  attack: ['T1133', 'T1021'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.inbound | FT.external | FT.accepted | FT.adminPort,
  logic: {
    kind: 'match',
    key: (e) => `${subject(e)}|${e.servicePort}`,
    numKey(e) {
      const s = subjectNum(e);
      return s < 0 ? undefined : s * 65536 + (e.servicePort as number);
    },
    match: (e) => e.direction === 'inbound' && e.remoteExternal && isAccepted(e) && (e.servicePort === 22 || e.servicePort === 3389),
    title: (e) => `Port ${e.servicePort} reached from the internet (${e.remote})`,
  },
  fixtures: {
    hit: [{ name: 'SSH from the internet', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 22 })] }],
    miss: [
      { name: 'SSH rejected', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 22, action: 'REJECT' })] },
      { name: 'SSH from the VPC', events: [flowEvent({ direction: 'inbound', remote: '10.20.9.9', port: 22, external: false })] },
      { name: 'HTTPS from the internet', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 })] },
    ],
  },
});
