import { type FlowEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { FIX_T0, flowEvent, remoteNum, subject, subjectNum } from './network-helpers.js';

const attempts = (n: number, port = 22, packets = 12) =>
  Array.from({ length: n }, (_, i) =>
    flowEvent({
      direction: 'inbound',
      remote: '45.148.10.240',
      port,
      remotePort: 40000 + i,
      packets,
      bytes: packets * 90,
      at: FIX_T0 + i * 4000,
      durationS: 3,
    }),
  );

/**
 * Many short connections from one source to SSH or RDP of one host: password guessing. Short means
 * few packets: an interactive session is one long flow, a guessing run is dozens of small ones.
 */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-brute-force',
  title: 'SSH or RDP brute force',
  description: 'One source opened 30 or more short connections (at most 40 packets each) to SSH or RDP of one resource within 5 minutes.',
  source: 'aws-vpc-flow',
  severity: 'high',
  attack: ['T1110', 'T1110.001'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.inbound | FT.adminPort | FT.peerUnknown,
  logic: {
    kind: 'window',
    filter: (e) =>
      e.direction === 'inbound' &&
      (e.servicePort === 22 || e.servicePort === 3389) &&
      e.flow.protocol === 6 &&
      (e.flow.packets ?? 0) <= 40 &&
      e.remoteResource === undefined,
    key: (e) => `${e.remote}|${subject(e)}|${e.servicePort}`,
    // The same as a number: address × 2^21 + subject × 2 + (22 → 0, 3389 → 1).
    numKey(e) {
      const r = remoteNum(e);
      const s = subjectNum(e);
      return r < 0 || s < 0 ? undefined : r * 2 ** 21 + s * 2 + (e.servicePort === 22 ? 0 : 1);
    },
    time: (e) => e.time,
    seconds: 300,
    threshold: 30,
  },
  fixtures: {
    hit: [
      { name: '40 short SSH connections', events: attempts(40) },
      { name: '35 short RDP connections', events: attempts(35, 3389) },
    ],
    miss: [
      { name: '10 SSH connections', events: attempts(10) },
      { name: '40 long sessions', events: attempts(40, 22, 5000) },
    ],
  },
});
