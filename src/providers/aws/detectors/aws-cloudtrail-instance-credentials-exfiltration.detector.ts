import type { GeoLookup } from '../../../core/intel.js';
import { type DetectorHit, defineDetector } from '../../../core/units/detector.js';
import { NO_HITS, addressKey, addressText, ct, type Ev, type Held, hold, role, trimLru, unhold, user } from './common.js';
import { memo } from '../../../core/memo.js';

/** EC2 delivers role credentials to an instance with the instance id as the session name. */
const INSTANCE_SESSION = /^i-[0-9a-fA-F]{8,17}$/;
/** Cheapest tests first: the pattern runs only on role sessions with a temporary key named `i-…`. */
function isInstanceSession(e: Ev): boolean {
  const a = e.actor;
  if (a.type !== 'assumed-role') return false;
  const s = a.sessionName;
  return (
    s !== undefined && s.charCodeAt(0) === 105 /* i */ && s.charCodeAt(1) === 45 /* - */ && (a.accessKeyId ?? '').startsWith('ASIA') && INSTANCE_SESSION.test(s)
  );
}
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
        let humanIps = new Map<number | string, string>();
        // `session|address` → address; `reportedIps` counts the keys per address, so the common
        // case (an address never reported) is one lookup without building the key text.
        let reported = new Map<string, number | string>();
        // One copy of each person's identity for `humanIps` to point at: the event's own string
        // would otherwise be kept (and promoted) once per address.
        const sharedIdentity = memo(20_000, (s) => s);
        let reportedIps = new Map<number | string, number>();
        const report = (session: string | undefined, ip: string, ipk: number | string) => {
          reported.set(`${session}|${ip}`, ipk);
          reportedIps.set(ipk, (reportedIps.get(ipk) ?? 0) + 1);
          if (reported.size > 20_000) trimReported();
        };
        const isReported = (session: string | undefined, ip: string, ipk: number | string) => reportedIps.has(ipk) && reported.has(`${session}|${ip}`);
        /** `trimLru` on `reported`, keeping `reportedIps` in step. */
        const trimReported = () => {
          let drop = reported.size - Math.floor(20_000 * 0.75);
          for (const [k, ipk] of reported) {
            if (drop-- <= 0) break;
            reported.delete(k);
            const n = (reportedIps.get(ipk) ?? 1) - 1;
            if (n > 0) reportedIps.set(ipk, n);
            else reportedIps.delete(ipk);
          }
        };
        let pendingBySession = new Map<number | string, Held | Held[]>();
        const heldList = (h: Held | Held[]): Held[] => (Array.isArray(h) ? h : [h]);
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
            if (!ip) return NO_HITS;
            if (!isInstanceSession(e)) {
              if (e.actor.type === 'iam-user' || e.actor.type === 'root' || e.actor.type === 'identity-center-user' || e.actor.client === 'console') {
                const ipk = addressKey(ip);
                // First-seen order, not LRU: a delete+set per event churns the Map's table.
                if (!humanIps.has(ipk)) {
                  humanIps.set(ipk, sharedIdentity(e.actor.identity));
                  trimLru(humanIps, 50_000);
                }
                // An instance session seen earlier from this address is now known to be off-instance.
                const pending = pendingBySession.get(ipk);
                if (pending) {
                  pendingBySession.delete(ipk);
                  return heldList(pending)
                    .map(unhold)
                    .filter((p) => !isReported(p.actor.sessionName, ip, ipk))
                    .map((p) => {
                      report(p.actor.sessionName, ip, ipk);
                      return hit(p, `address also used by ${e.actor.identity}`);
                    });
                }
              }
              return NO_HITS;
            }
            const ipk = addressKey(ip);
            if (isReported(e.actor.sessionName, ip, ipk)) return NO_HITS;
            const geo = deps.geo.lookup(ip);
            if (geo?.asOrg && AWS_ORG.test(geo.asOrg)) return NO_HITS;
            if (geo?.asOrg || humanIps.has(ipk)) {
              report(e.actor.sessionName, ip, ipk);
              return [hit(e, geo?.asOrg ? `address belongs to ${geo.asOrg} (AS${geo.asn ?? '?'}), not AWS` : `address also used by ${humanIps.get(ipk)}`)];
            }
            // Held events: keep few per address and few addresses (the oldest go), flat (see `hold`).
            // One held event is kept bare, two in an array: most addresses never get a second.
            const held = pendingBySession.get(ipk);
            if (held === undefined) {
              pendingBySession.set(ipk, hold(e));
              trimLru(pendingBySession, 2_000);
            } else if (!Array.isArray(held)) pendingBySession.set(ipk, [held, hold(e)]);
            return NO_HITS;
          },
          flush: () => [],
          snapshot: () => ({
            humanIps: [...humanIps].map(([k, who]) => [addressText(k), who]),
            reported: [...reported.keys()],
            pending: [...pendingBySession].map(([k, held]) => [addressText(k), heldList(held).map(unhold)]),
          }),
          restore(saved) {
            const s = saved as { humanIps: [string, string][]; reported: string[]; pending: [string, Ev[]][] };
            humanIps = new Map(s.humanIps.map(([ip, who]) => [addressKey(ip), who]));
            reported = new Map();
            reportedIps = new Map();
            for (const k of s.reported) {
              const ip = k.slice(k.lastIndexOf('|') + 1);
              report(k.slice(0, k.lastIndexOf('|')), ip, addressKey(ip));
            }
            pendingBySession = new Map(
              s.pending.map(([ip, evs]) => {
                const held = evs.map((e) => hold(e));
                return [addressKey(ip), held.length === 1 ? (held[0] as Held) : held];
              }),
            );
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
