import { type FlowEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { FIX_T0, flowEvent, hasRemote, remoteNum, subject, subjectNum } from './network-helpers.js';

const scan = (n: number, step = 1000) =>
  Array.from({ length: n }, (_, i) =>
    flowEvent({ direction: 'inbound', remote: '62.60.130.242', port: 1000 + i * 7, action: 'REJECT', at: FIX_T0 + i * step }),
  );

/** One source tries many ports of one host within five minutes (accepted or rejected). */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-port-scan',
  title: 'Port scan',
  description: 'One source address probed 25 or more distinct ports of one resource within 5 minutes (refused or tiny flows).',
  source: 'aws-vpc-flow',
  severity: 'medium',
  attack: ['T1046', 'T1595.001'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.inbound | FT.probe | FT.peerUnknown | FT.hasServicePort,
  logic: {
    kind: 'window',
    filter: (e) =>
      e.direction === 'inbound' &&
      e.servicePort !== undefined &&
      e.remoteResource === undefined &&
      // Probes are tiny (a SYN, maybe a reset) or refused; real sessions are not part of a scan.
      (e.flow.action === 'REJECT' || (e.flow.packets ?? 0) <= 3) &&
      hasRemote(e),
    key: (e) => `${e.remote}|${subject(e)}`,
    time: (e) => e.time,
    distinct: (e) => `${e.flow.protocol}/${e.servicePort}`,
    // The same as numbers: address × 2^21 + subject; protocol × 65536 + port.
    numKey(e) {
      const r = remoteNum(e);
      const s = subjectNum(e);
      return r < 0 || s < 0 ? undefined : r * 2 ** 21 + s;
    },
    numDistinct: (e) => (e.flow.protocol === undefined ? undefined : e.flow.protocol * 65536 + (e.servicePort as number)),
    seconds: 300,
    threshold: 25,
  },
  fixtures: {
    hit: [{ name: '30 ports in 30 seconds', events: scan(30) }],
    miss: [
      { name: '20 ports', events: scan(20) },
      { name: '30 ports spread over an hour', events: scan(30, 120_000) },
      {
        name: 'one port many times',
        events: Array.from({ length: 40 }, (_, i) => flowEvent({ direction: 'inbound', remote: '62.60.130.242', port: 443, at: FIX_T0 + i })),
      },
    ],
  },
});
