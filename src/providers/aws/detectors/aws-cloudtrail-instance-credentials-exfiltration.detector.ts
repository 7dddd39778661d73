import type { GeoLookup } from '../../../core/intel.js';
import { type DetectorHit, defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, type Held, hold, revive, role, trimLru, unhold, user } from './common.js';

/** EC2 delivers role credentials to an instance with the instance id as the session name. */
const INSTANCE_SESSION = /^i-[0-9a-fA-F]{8,17}$/;
const isInstanceSession = (e: Ev) =>
  e.actor.type === 'assumed-role' && INSTANCE_SESSION.test(e.actor.sessionName ?? '') && (e.actor.accessKeyId ?? '').startsWith('ASIA');
const AWS_ORG = /amazon|aws/i;

/**
 * GuardDuty UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS without the
 * inventory: an instance-role session (ASIA key, session name = instance id) is used from an
 * address that (a) the geo/ASN database places outside AWS, or (b) a person's credentials (IAM
 * user, SSO, console) were used from within the same stream — i.e. a laptop, not the instance.
 * Calls made by AWS services on the instance's behalf (`sourceIPAddress` = a service) never count.
 */
export function instanceCredentialsExfiltration(deps: { geo: GeoLookup }) {
  return defineDetector<Ev>({
    id: 'aws-cloudtrail-instance-credentials-exfiltration',
    title: 'Instance role credentials used outside the instance',
    description:
      'Temporary credentials that EC2 delivered to an instance (session named after the instance) were used from an address outside AWS, or from an address where a person works: the credentials were taken off the instance.',
    source: 'aws-cloudtrail',
    severity: 'high',
    attack: ['T1552.005', 'T1078.004'],
    logic: {
      kind: 'stateful',
      create() {
        // Addresses people used (bounded LRU), and instance sessions already reported.
        let humanIps = new Map<string, string>();
        let reported = new Map<string, true>();
        let pendingBySession = new Map<string, Held[]>();
        const hit = (e: Ev, reason: string): DetectorHit<Ev> => ({
          detectorId: 'aws-cloudtrail-instance-credentials-exfiltration',
          key: `${e.actor.sessionIssuer}|${e.actor.sessionName}|${e.sourceIp}`,
          title: `Credentials of instance ${e.actor.sessionName} used from ${e.sourceIp}`,
          severity: 'high',
          start: e.time,
          end: e.time,
          evidence: [e],
          details: { reason, role: e.actor.sessionIssuer, instance: e.actor.sessionName, sourceIp: e.sourceIp, accessKeyId: e.actor.accessKeyId },
        });
        return {
          push(e) {
            const ip = e.sourceIp;
            if (!ip) return [];
            if (!isInstanceSession(e)) {
              if (e.actor.type === 'iam-user' || e.actor.type === 'root' || e.actor.type === 'identity-center-user' || e.actor.client === 'console') {
                // First-seen order, not LRU: a delete+set per event churns the Map's table.
                if (!humanIps.has(ip)) {
                  humanIps.set(ip, e.actor.identity);
                  trimLru(humanIps, 50_000);
                }
                // An instance session seen earlier from this address is now known to be off-instance.
                const pending = pendingBySession.get(ip);
                if (pending) {
                  pendingBySession.delete(ip);
                  return pending
                    .map(unhold)
                    .filter((p) => !reported.has(`${p.actor.sessionName}|${ip}`))
                    .map((p) => {
                      reported.set(`${p.actor.sessionName}|${ip}`, true);
                      trimLru(reported, 20_000);
                      return hit(p, `address also used by ${e.actor.identity}`);
                    });
                }
              }
              return [];
            }
            const once = `${e.actor.sessionName}|${ip}`;
            if (reported.has(once)) return [];
            const geo = deps.geo.lookup(ip);
            if (geo?.asOrg && AWS_ORG.test(geo.asOrg)) return [];
            if (geo?.asOrg || humanIps.has(ip)) {
              reported.set(once, true);
              trimLru(reported, 20_000);
              return [hit(e, geo?.asOrg ? `address belongs to ${geo.asOrg} (AS${geo.asn ?? '?'}), not AWS` : `address also used by ${humanIps.get(ip)}`)];
            }
            const list = pendingBySession.get(ip) ?? [];
            // Held events: keep few per address and few addresses (the oldest go), flat (see `hold`).
            if (list.length < 2) list.push(hold(e));
            pendingBySession.set(ip, list);
            trimLru(pendingBySession, 2_000);
            return [];
          },
          flush: () => [],
          snapshot: () => ({
            humanIps: [...humanIps],
            reported: [...reported.keys()],
            pending: [...pendingBySession].map(([ip, held]) => [ip, held.map(unhold)]),
          }),
          restore(saved) {
            const s = saved as { humanIps: [string, string][]; reported: string[]; pending: [string, Ev[]][] };
            humanIps = new Map(s.humanIps);
            reported = new Map(s.reported.map((k) => [k, true as const]));
            pendingBySession = new Map(s.pending.map(([ip, evs]) => [ip, evs.map((e) => hold(revive(e)))]));
          },
        };
      },
    },
    fixtures: {
      hit: [
        {
          name: 'instance session used from a laptop address a user also used',
          events: [
            ct({ eventSource: 'ssm.amazonaws.com', eventName: 'SendCommand', sourceIPAddress: '203.0.113.50', userIdentity: user('alice') }),
            ct({
              eventSource: 'sts.amazonaws.com',
              eventName: 'GetCallerIdentity',
              sourceIPAddress: '203.0.113.50',
              userIdentity: role('mongo-app', 'i-0a1b2c3d4e5f60001'),
            }),
          ],
        },
        {
          name: 'instance session seen first, then a user on the same address',
          events: [
            ct({
              eventSource: 's3.amazonaws.com',
              eventName: 'ListBuckets',
              sourceIPAddress: '203.0.113.51',
              userIdentity: role('mongo-app', 'i-0a1b2c3d4e5f60002'),
            }),
            ct({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', sourceIPAddress: '203.0.113.51', userIdentity: user('mallory') }),
          ],
        },
        {
          name: 'instance session used from a non-AWS network',
          events: [
            ct({
              eventSource: 'ec2.amazonaws.com',
              eventName: 'DescribeInstances',
              sourceIPAddress: '192.0.2.77',
              userIdentity: role('mongo-app', 'i-0a1b2c3d4e5f60001'),
            }),
          ],
        },
      ],
      miss: [
        {
          name: 'instance session from an AWS address',
          events: [
            ct({
              eventSource: 'ec2.amazonaws.com',
              eventName: 'DescribeInstances',
              sourceIPAddress: '54.210.10.20',
              userIdentity: role('mongo-app', 'i-0a1b2c3d4e5f60001'),
            }),
          ],
        },
        {
          name: 'ordinary role session from a user address',
          events: [
            ct({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', sourceIPAddress: '203.0.113.50', userIdentity: user('alice') }),
            ct({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', sourceIPAddress: '203.0.113.50', userIdentity: role('admin', 'alice') }),
          ],
        },
      ],
    },
  });
}

/** Fixture geo: one AWS address and one documentation address on a consumer ISP. */
export const FIXTURE_GEO: GeoLookup = {
  lookup: (a) =>
    a === '54.210.10.20'
      ? { country: 'US', asn: 14618, asOrg: 'AMAZON-AES' }
      : a === '192.0.2.77'
        ? { country: 'NL', asn: 64500, asOrg: 'Example Broadband' }
        : undefined,
};

export default instanceCredentialsExfiltration({ geo: FIXTURE_GEO });
