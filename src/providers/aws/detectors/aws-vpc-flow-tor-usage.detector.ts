import { type FlowEvent, TOR_PORTS, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { categories, flowEvent, isAccepted, listed, subject, subjectNum } from './network-helpers.js';

/** A resource talks to the Tor network (a client to listed Tor nodes) or serves Tor relay ports to the internet. */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-tor-usage',
  title: 'Tor client or relay',
  description: 'Outbound connections to Tor nodes, or accepted inbound connections to Tor relay ports (9001, 9030) from the internet.',
  source: 'aws-vpc-flow',
  severity: 'medium',
  attack: ['T1090.003'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.accepted,
  // A client reaches a listed Tor node; a relay serves 9001 or 9030.
  needsAny: FT.listed | FT.torPort,
  logic: {
    kind: 'match',
    key: (e) => `${subject(e)}|${e.direction}`,
    numKey(e) {
      const s = subjectNum(e);
      return s < 0 ? undefined : s * 4 + (e.direction === 'inbound' ? 1 : e.direction === 'outbound' ? 2 : 0);
    },
    match(e) {
      if (!isAccepted(e)) return false;
      if (e.direction === 'outbound' && e.remoteIntel && categories(e.remoteIntel).has('tor'))
        return { title: `Tor client: connects to Tor node ${e.remote}`, details: { role: 'client', node: e.remote } };
      if (
        e.direction === 'inbound' &&
        e.remoteExternal &&
        e.servicePort !== undefined &&
        (e.servicePort === 9001 || e.servicePort === 9030) &&
        TOR_PORTS.has(e.servicePort)
      )
        return { title: `Tor relay: serves port ${e.servicePort} to the internet`, details: { role: 'relay', port: e.servicePort } };
      return false;
    },
  },
  fixtures: {
    hit: [
      { name: 'client', events: [flowEvent({ direction: 'outbound', remote: '101.99.92.179', port: 9001, intel: listed('101.99.92.179', 'tor') })] },
      { name: 'relay', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.9', port: 9001 })] },
    ],
    miss: [
      {
        name: 'Tor exit connecting in (the listed-inbound detector decides)',
        events: [flowEvent({ direction: 'inbound', remote: '101.99.92.179', port: 443, intel: listed('101.99.92.179', 'tor') })],
      },
      { name: 'ordinary HTTPS out', events: [flowEvent({ direction: 'outbound', remote: '198.51.100.7', port: 443 })] },
    ],
  },
});
