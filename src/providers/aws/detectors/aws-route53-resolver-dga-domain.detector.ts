import type { DnsEvent } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { dnsEvent, entropy, isInfrastructureName, registeredDomain } from './network-helpers.js';

/**
 * Domain-generation-algorithm names: the registrable label is long, high-entropy and unpronounceable
 * (few vowels, long consonant runs). Cloud and CDN infrastructure names, random by design, are excluded.
 */
export function dgaScore(name: string): { label: string; entropy: number; vowels: number } | undefined {
  if (isInfrastructureName(name)) return undefined;
  const label = registeredDomain(name).split('.')[0] ?? '';
  if (label.length < 12 || label.includes('-')) return undefined;
  const h = entropy(label);
  const vowels = (label.match(/[aeiou]/g) ?? []).length / label.length;
  const digits = (label.match(/[0-9]/g) ?? []).length / label.length;
  const run = Math.max(0, ...(label.match(/[bcdfghjklmnpqrstvwxz]+/g) ?? []).map((r) => r.length));
  const suspicious = h >= 3.5 && (vowels < 0.25 || run >= 5 || (digits > 0.2 && digits < 0.8));
  return suspicious ? { label, entropy: Math.round(h * 100) / 100, vowels: Math.round(vowels * 100) / 100 } : undefined;
}

export default defineDetector<DnsEvent>({
  id: 'aws-route53-resolver-dga-domain',
  title: 'Algorithmically generated domain',
  description: 'A DNS query for a long, high-entropy, unpronounceable domain: typical of malware finding its command server by a domain-generation algorithm.',
  source: 'aws-route53-resolver',
  severity: 'medium',
  attack: ['T1568.002'],
  logic: {
    kind: 'match',
    key: (e) => `${e.resource?.id ?? e.query.srcAddr ?? 'unknown'}|${registeredDomain(e.name)}`,
    match(e) {
      const s = dgaScore(e.name);
      return s ? { title: `DNS query for generated-looking domain ${e.name}`, severity: e.query.rcode === 'NXDOMAIN' ? 'medium' : 'low', details: s } : false;
    },
  },
  fixtures: {
    hit: [
      { name: 'random consonants', events: [{ ...dnsEvent('xjwqkzprtvbhmd.com'), query: { ...dnsEvent('xjwqkzprtvbhmd.com').query, rcode: 'NXDOMAIN' } }] },
      { name: 'hex-like label', events: [dnsEvent('a9f3k2x8q7z1m4p6.net')] },
    ],
    miss: [
      { name: 'dictionary words', events: [dnsEvent('stackoverflow.com')] },
      { name: 'long but pronounceable', events: [dnsEvent('internationalbusiness.com')] },
      { name: 'AWS infrastructure', events: [dnsEvent('ec2-54-210-10-20.compute-1.amazonaws.com'), dnsEvent('d1a2b3c4d5e6f7.cloudfront.net')] },
    ],
  },
});
