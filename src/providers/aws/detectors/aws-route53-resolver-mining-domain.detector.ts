import type { DnsEvent } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { categories, dnsEvent, feeds, listed } from './network-helpers.js';

/**
 * Names of well-known mining pools and pool-style host names (`xmr.pool.…`, `…moneropool…`): a
 * fallback for when no mining feed is loaded. Facts (pool names), not a copied list.
 */
const POOL_NAME =
  /(^|[.-])(minexmr|moneropool|supportxmr|nanopool|moneroocean|hashvault|c3pool|herominers|2miners|f2pool|ethermine|nicehash|minergate|coinhive|crypto-pool|xmrpool|monerohash|dwarfpool|unmineable|kryptex)([.-]|$)|(^|[.-])(xmr|monero|eth|etc|rvn|zec|ltc|btc|erg|kas)[.-]?pool[.-]|(^|[.-])pool[.-](xmr|monero|eth|etc|rvn|zec|ltc|btc|erg|kas)([.-]|$)|(^|[.-])stratum[0-9]*[.-]/;

export const looksLikeMiningPool = (name: string) => POOL_NAME.test(name);

/** A resource resolved a mining-pool domain (listed by a mining feed, or a known pool name). */
export default defineDetector<DnsEvent>({
  id: 'aws-route53-resolver-mining-domain',
  title: 'DNS query for a mining pool',
  description: 'A DNS query named a cryptocurrency mining pool: listed by a mining feed, resolving to a listed mining address, or a well-known pool name.',
  source: 'aws-route53-resolver',
  severity: 'high',
  attack: ['T1496'],
  logic: {
    kind: 'match',
    key: (e) => `${e.resource?.id ?? e.query.srcAddr ?? 'unknown'}|${e.name}`,
    match(e) {
      if (categories(e.nameIntel).has('mining'))
        return { title: `DNS query for mining pool ${e.name}`, details: { feeds: feeds(e.nameIntel), indicator: e.nameIntel?.indicator } };
      if (categories(e.answerIntel).has('mining')) return { title: `${e.name} resolves to a listed mining address`, details: { feeds: feeds(e.answerIntel) } };
      if (looksLikeMiningPool(e.name)) return { title: `DNS query for mining pool ${e.name}`, details: { reason: 'pool name' } };
      return false;
    },
  },
  fixtures: {
    hit: [
      { name: 'listed pool domain', events: [dnsEvent('minexmr.stream', { intel: listed('minexmr.stream', 'mining') })] },
      { name: 'well-known pool name', events: [dnsEvent('pool.supportxmr.com')] },
      { name: 'pool-style subdomain', events: [dnsEvent('xmr-eu1.nanopool.org')] },
    ],
    miss: [
      { name: 'ordinary domain', events: [dnsEvent('api.github.com')] },
      { name: 'the word pool elsewhere', events: [dnsEvent('swimmingpool.example.com')] },
    ],
  },
});
