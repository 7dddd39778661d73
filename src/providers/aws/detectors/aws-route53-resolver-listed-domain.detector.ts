import type { DnsEvent } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { categories, dnsEvent, feeds, listed } from './network-helpers.js';

/** A resource resolved a domain a threat feed lists as malicious or C2 (or one resolving to a listed address). */
export default defineDetector<DnsEvent>({
  id: 'aws-route53-resolver-listed-domain',
  title: 'DNS query for a listed domain',
  description: 'A DNS query named a domain (or got an answer address) that a threat-intelligence feed lists as malicious or command and control.',
  source: 'aws-route53-resolver',
  severity: 'high',
  attack: ['T1071.004', 'T1568'],
  logic: {
    kind: 'match',
    key: (e) => `${e.resource?.id ?? e.query.srcAddr ?? 'unknown'}|${e.name}`,
    match(e) {
      const byName = categories(e.nameIntel);
      const byAnswer = categories(e.answerIntel);
      const bad = (c: ReadonlySet<string>) => c.has('malicious') || c.has('c2');
      if (bad(byName))
        return {
          title: `DNS query for listed domain ${e.name}`,
          severity: byName.has('c2') ? 'critical' : 'high',
          details: { feeds: feeds(e.nameIntel), indicator: e.nameIntel?.indicator },
        };
      if (bad(byAnswer))
        return {
          title: `${e.name} resolves to a listed address`,
          severity: 'medium',
          details: { feeds: feeds(e.answerIntel), indicator: e.answerIntel?.indicator },
        };
      return false;
    },
  },
  fixtures: {
    hit: [
      { name: 'listed C2 domain', events: [dnsEvent('e.ct.toh.info', { intel: listed('toh.info', 'c2') })] },
      { name: 'answer is a listed address', events: [dnsEvent('cdn.example.net', { answerIntel: listed('93.174.95.106', 'malicious') })] },
    ],
    miss: [
      { name: 'unlisted', events: [dnsEvent('www.example.com')] },
      { name: 'mining domains are the mining detector', events: [dnsEvent('minexmr.stream', { intel: listed('minexmr.stream', 'mining') })] },
    ],
  },
});
