import { type FlowEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { categories, feeds, flowEvent, isAccepted, listed, remoteNum, subject, subjectNum } from './network-helpers.js';

/** A resource opened a connection to a listed malicious or command-and-control address. */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-outbound-to-listed-address',
  title: 'Outbound connection to a listed malicious address',
  description: 'A resource connected out to an address a threat-intelligence feed lists as malicious or command and control.',
  source: 'aws-vpc-flow',
  severity: 'high',
  attack: ['T1071', 'T1041'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.outbound | FT.listed | FT.accepted,
  logic: {
    kind: 'match',
    key: (e) => `${subject(e)}|${e.remote}`,
    numKey(e) {
      const s = subjectNum(e);
      const r = remoteNum(e);
      return s < 0 || r < 0 ? undefined : s * 2 ** 32 + r;
    },
    match(e) {
      if (e.direction !== 'outbound' || !e.remoteIntel || !isAccepted(e)) return false;
      const cats = categories(e.remoteIntel);
      if (!cats.has('malicious') && !cats.has('c2')) return false;
      return {
        severity: cats.has('c2') ? 'critical' : 'high',
        details: { feeds: feeds(e.remoteIntel), categories: [...cats] },
      };
    },
    title: (e) => `Outbound connection to listed address ${e.remote}:${e.servicePort ?? '?'}`,
  },
  fixtures: {
    hit: [
      {
        name: 'instance calls a listed host',
        events: [flowEvent({ direction: 'outbound', remote: '93.174.95.106', port: 8443, intel: listed('93.174.95.106', 'c2') })],
      },
    ],
    miss: [
      { name: 'outbound to an unlisted host', events: [flowEvent({ direction: 'outbound', remote: '198.51.100.7', port: 443 })] },
      {
        name: 'outbound to a Tor exit (the Tor detector decides)',
        events: [flowEvent({ direction: 'outbound', remote: '101.99.92.179', port: 443, intel: listed('101.99.92.179', 'tor') })],
      },
    ],
  },
});
