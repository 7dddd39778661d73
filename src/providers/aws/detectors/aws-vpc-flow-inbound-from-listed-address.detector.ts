import { type FlowEvent, SENSITIVE_PORTS, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { categories, feeds, flowEvent, isAccepted, listed, remoteNum, subject, subjectNum } from './network-helpers.js';

/**
 * Accepted inbound traffic from an address a threat feed lists (malicious, scanner or Tor): the
 * peer got through the security group. High when it reached a sensitive port (database, admin,
 * cache, search).
 */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-inbound-from-listed-address',
  title: 'Accepted inbound traffic from a listed address',
  description: 'A connection from an address on a threat-intelligence or Tor exit list was accepted by a resource.',
  source: 'aws-vpc-flow',
  severity: 'medium',
  attack: ['T1190', 'T1133'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.inbound | FT.listed | FT.accepted,
  logic: {
    kind: 'match',
    key: (e) => `${subject(e)}|${e.remote}`,
    numKey(e) {
      const s = subjectNum(e);
      const r = remoteNum(e);
      return s < 0 || r < 0 ? undefined : s * 2 ** 32 + r;
    },
    match(e) {
      if (e.direction !== 'inbound' || !e.remoteIntel || !isAccepted(e)) return false;
      const cats = categories(e.remoteIntel);
      if (cats.has('mining') && cats.size === 1) return false;
      const tor = cats.has('tor') && cats.size === 1;
      const sensitive = e.servicePort !== undefined && SENSITIVE_PORTS.has(e.servicePort);
      return {
        severity: sensitive ? 'high' : tor ? 'low' : 'medium',
        details: { feeds: feeds(e.remoteIntel), categories: [...cats], sensitivePort: sensitive },
      };
    },
    title(e) {
      const cats = categories(e.remoteIntel);
      const tor = cats.has('tor') && cats.size === 1;
      return `Accepted inbound traffic from ${tor ? 'a Tor exit' : 'a listed address'} ${e.remote} to port ${e.servicePort ?? '?'}`;
    },
  },
  fixtures: {
    hit: [
      {
        name: 'listed address reaches PostgreSQL',
        events: [flowEvent({ direction: 'inbound', remote: '93.174.95.106', port: 5432, intel: listed('93.174.95.106', 'malicious') })],
      },
    ],
    miss: [
      {
        name: 'listed address rejected',
        events: [flowEvent({ direction: 'inbound', remote: '93.174.95.106', port: 5432, action: 'REJECT', intel: listed('93.174.95.106', 'malicious') })],
      },
      { name: 'unlisted address', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 })] },
      {
        name: 'our outbound connection to a listed address',
        events: [flowEvent({ direction: 'outbound', remote: '93.174.95.106', port: 443, intel: listed('93.174.95.106', 'malicious') })],
      },
    ],
  },
});
