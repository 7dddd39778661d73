import type { IntelLookup } from '../../../core/intel.js';
import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev } from './common.js';

/**
 * The caller's source address is on a threat-intelligence list or is a Tor exit (GuardDuty
 * UnauthorizedAccess:IAMUser/TorIPCaller, MaliciousIPCaller). Needs an `IntelLookup`, so the unit
 * is built by a factory: the activity engine binds the real lookup; the default export is bound to
 * a two-address fixture lookup so the contract test can run the fixtures.
 */
export function callerOnThreatIntel(deps: { intel: IntelLookup }) {
  return defineDetector<Ev>({
    id: 'aws-cloudtrail-caller-on-threat-intel',
    title: 'API call from an address on a threat-intelligence list',
    description: 'The source IP of an API call or sign-in is listed by a threat-intelligence feed (malicious, scanner, C2) or is a Tor exit node.',
    source: 'aws-cloudtrail',
    severity: 'high',
    attack: ['T1078', 'T1090.003'],
    logic: {
      kind: 'match',
      match: (e) => {
        if (!e.sourceIp) return false;
        const hit = deps.intel.ip(e.sourceIp);
        if (!hit || hit.listings.length === 0) return false;
        const tor = hit.listings.some((l) => l.category === 'tor');
        return {
          title: tor ? `API call from a Tor exit node (${e.sourceIp})` : `API call from ${e.sourceIp}, listed by ${hit.listings.map((l) => l.feed).join(', ')}`,
          details: { sourceIp: e.sourceIp, listings: hit.listings },
        };
      },
      key: (e) => `${e.actor.identity}|${e.sourceIp}`,
    },
    fixtures: {
      hit: [
        { name: 'call from a Tor exit', events: [ct({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', sourceIPAddress: '192.0.2.66' })] },
        {
          name: 'sign-in from a listed address',
          events: [ct({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', sourceIPAddress: '192.0.2.99' })],
        },
      ],
      miss: [
        { name: 'unlisted address', events: [ct({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', sourceIPAddress: '198.51.100.10' })] },
        { name: 'AWS service address', events: [ct({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', sourceIPAddress: 'cloudtrail.amazonaws.com' })] },
      ],
    },
  });
}

/** Documentation addresses (RFC 5737) standing in for a Tor exit and a listed host. */
export const FIXTURE_INTEL: IntelLookup = {
  ip: (a) =>
    a === '192.0.2.66'
      ? { indicator: a, listings: [{ feed: 'fixture-tor', category: 'tor' }] }
      : a === '192.0.2.99'
        ? { indicator: a, listings: [{ feed: 'fixture-ipsum', category: 'malicious', confidence: 80 }] }
        : undefined,
  domain: () => undefined,
};

export default callerOnThreatIntel({ intel: FIXTURE_INTEL });
