import { type FlowEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { FIX_T0, fixtureResource, flowEvent, hasLocal, hasRemote, localNum, remoteNum } from './network-helpers.js';

const sweep = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    flowEvent({
      direction: 'inbound',
      remote: '62.60.130.242',
      port: 27017,
      local: `10.20.1.${i + 1}`,
      action: 'REJECT',
      at: FIX_T0 + i * 500,
      resource: fixtureResource({ id: `arn:aws:ec2:us-east-1:222222222222:instance/i-${i}` }),
    }),
  );

/** One source tries one port on many hosts within five minutes. */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-port-sweep',
  title: 'Port sweep',
  description: 'One source address connected to one port on 20 or more distinct hosts within 5 minutes.',
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
      hasRemote(e) &&
      hasLocal(e),
    key: (e) => `${e.remote}|${e.flow.protocol}/${e.servicePort}`,
    time: (e) => e.time,
    distinct: (e) => e.local as string,
    // The same as numbers: address × 2^21 + protocol × 65536 + port (protocols below 32: TCP, UDP,
    // ICMP; the rest keep the text); our address.
    numKey(e) {
      const r = remoteNum(e);
      const p = e.flow.protocol;
      return r < 0 || p === undefined || p >= 32 ? undefined : r * 2 ** 21 + p * 65536 + (e.servicePort as number);
    },
    numDistinct(e) {
      const l = localNum(e);
      return l < 0 ? undefined : l;
    },
    seconds: 300,
    threshold: 20,
  },
  fixtures: {
    hit: [{ name: '25 hosts on 27017', events: sweep(25) }],
    miss: [{ name: '10 hosts', events: sweep(10) }],
  },
});
