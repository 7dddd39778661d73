import type { DetectorHit } from '../../../core/units/detector.js';
import type { DnsEvent } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { NO_HITS, FIX_T0, dnsEvent, isInfrastructureName, registeredDomain } from './network-helpers.js';

export interface DnsExfilOptions {
  maxKeys?: number;
  /** Distinct subdomains of one domain from one source within `windowSeconds` that count as a tunnel. */
  distinctThreshold?: number;
  windowSeconds?: number;
  /** A label at least this long carries data. */
  longLabel?: number;
}

/** A label that is base64 (or base64url) text whose decoding is printable ASCII: data smuggled in a name. */
export function base64Payload(label: string): string | undefined {
  if (label.length < 16 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(label)) return undefined;
  if (!/[A-Z]/.test(label) && !/[0-9]/.test(label)) return undefined;
  const decoded = Buffer.from(label.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (decoded.length < 8) return undefined;
  for (const b of decoded) if (b < 32 || b > 126) return undefined;
  return decoded.toString('latin1');
}

interface Window {
  times: number[];
  names: Set<string>;
  evidence: DnsEvent[];
  quietUntil: number;
}

/**
 * DNS exfiltration and tunnelling: very long labels, base64 payloads in a label, or a burst of many
 * distinct subdomains of one domain from one source (each query carries a chunk).
 */
export function createDnsExfilDetector(opts: DnsExfilOptions = {}) {
  const maxKeys = opts.maxKeys ?? 100_000;
  const threshold = opts.distinctThreshold ?? 150;
  const span = (opts.windowSeconds ?? 600) * 1000;
  const longLabel = opts.longLabel ?? 52;
  return defineDetector<DnsEvent>({
    id: 'aws-route53-resolver-dns-exfiltration',
    title: 'DNS exfiltration or tunnelling',
    description: 'DNS queries carrying data: very long or base64 labels, or many distinct subdomains of one domain from one source in a short time.',
    source: 'aws-route53-resolver',
    severity: 'high',
    attack: ['T1048.003', 'T1071.004'],
    logic: {
      kind: 'stateful',
      create() {
        const windows = new Map<string, Window>();
        const hit = (
          e: DnsEvent,
          key: string,
          title: string,
          evidence: DnsEvent[],
          start: number,
          details: Record<string, unknown>,
        ): DetectorHit<DnsEvent> => ({
          detectorId: 'aws-route53-resolver-dns-exfiltration',
          key,
          title,
          severity: 'high',
          start,
          end: e.time,
          evidence,
          details,
        });
        return {
          push(e) {
            if (isInfrastructureName(e.name)) return NO_HITS;
            const domain = registeredDomain(e.name);
            const who = e.resource?.id ?? e.query.srcAddr ?? 'unknown';
            const key = `${who}|${domain}`;
            const labels = e.name.split('.');
            const sub = labels.slice(0, Math.max(0, labels.length - domain.split('.').length));
            const long = sub.find((l) => l.length >= longLabel);
            if (long) return [hit(e, key, `DNS exfiltration: ${long.length}-character label under ${domain}`, [e], e.time, { domain, label: long })];
            const rawLabels = e.query.queryName.replace(/\.$/, '').split('.');
            for (const l of rawLabels.slice(0, Math.max(0, rawLabels.length - domain.split('.').length))) {
              const payload = base64Payload(l);
              if (payload)
                return [
                  hit(e, key, `DNS exfiltration: base64 data in a query under ${domain}`, [e], e.time, { domain, label: l, decoded: payload.slice(0, 80) }),
                ];
            }
            if (!sub.length) return NO_HITS;
            let w = windows.get(key);
            if (!w) {
              if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
              w = { times: [], names: new Set(), evidence: [], quietUntil: Number.NEGATIVE_INFINITY };
              windows.set(key, w);
            }
            if (e.time < w.quietUntil) return NO_HITS;
            if (w.times.length && e.time - (w.times[0] as number) > span) {
              w.times = [];
              w.names.clear();
              w.evidence = [];
            }
            w.times.push(e.time);
            w.names.add(e.name);
            if (w.evidence.length < 20) w.evidence.push(e);
            if (w.names.size < threshold) return NO_HITS;
            const out = [
              hit(
                e,
                key,
                `DNS tunnelling: ${w.names.size} distinct names under ${domain} in ${Math.round((e.time - (w.times[0] as number)) / 1000)} s`,
                w.evidence,
                w.times[0] as number,
                { domain, distinctNames: w.names.size },
              ),
            ];
            w.quietUntil = e.time + span;
            w.times = [];
            w.names.clear();
            w.evidence = [];
            return out;
          },
          flush: () => [],
        };
      },
    },
    fixtures: {
      hit: [
        { name: 'long label', events: [dnsEvent(`${'a1b2c3d4'.repeat(8)}.data.example.org`)] },
        { name: 'base64 label', events: [dnsEvent('c2VjcmV0LWRhdGEtZXhmaWwtY2h1bms.malicious.com')] },
        {
          name: '200 distinct subdomains in a minute',
          events: Array.from({ length: 200 }, (_, i) => dnsEvent(`q${i}x${(i * 7919).toString(36)}.t.example.org`, { at: FIX_T0 + i * 300 })),
        },
      ],
      miss: [
        { name: 'ordinary lookups', events: [dnsEvent('www.example.com'), dnsEvent('api.example.com'), dnsEvent('test.com')] },
        {
          name: 'base64 decoding to non-ASCII',
          events: [dnsEvent('c2VydmljZXPkuK1pZGVudGlmaWVy.serviceregistry.internal'), dnsEvent('c2VydmljZXPkuK1pZGVudGlmaWVy.example.com')],
        },
      ],
    },
  });
}

export default createDnsExfilDetector();
