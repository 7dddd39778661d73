import type { DnsQuery } from '../../../core/events.js';

/** Route 53 Resolver query-log timestamps: ISO (`2026-11-20T10:00:00Z`) or `2026-11-20 10:00:00` (UTC). */
function parseTime(v: unknown): number {
  if (typeof v !== 'string') throw new Error('query_timestamp is missing');
  const t = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
  if (Number.isNaN(t)) throw new Error(`query_timestamp "${v.slice(0, 40)}" is not a time`);
  return t;
}

/** One Resolver query-log record (an object, or its JSON text) → DnsQuery. Throws on a record it cannot read. */
export function normaliseResolverRecord(raw: unknown): DnsQuery {
  const r = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') throw new Error('record is not an object');
  if (typeof r.query_name !== 'string' || !r.query_name) throw new Error('query_name is missing');
  const answersRaw = Array.isArray(r.answers) ? r.answers : r.answers && typeof r.answers === 'object' ? [r.answers] : [];
  const answers = answersRaw.map((a) => {
    const x = a as Record<string, unknown>;
    return { type: String(x.Type ?? x.type ?? ''), data: String(x.Rdata ?? x.rdata ?? '') };
  });
  const srcids = (r.srcids ?? {}) as Record<string, unknown>;
  const port = r.srcport === undefined ? undefined : Number(r.srcport);
  return {
    time: parseTime(r.query_timestamp),
    ...(typeof r.account_id === 'string' && { account: r.account_id }),
    ...(typeof r.region === 'string' && { region: r.region }),
    ...(typeof r.vpc_id === 'string' && { vpcId: r.vpc_id }),
    queryName: r.query_name,
    queryType: String(r.query_type ?? ''),
    rcode: String(r.rcode ?? ''),
    ...(typeof r.srcaddr === 'string' && { srcAddr: r.srcaddr }),
    ...(port !== undefined && Number.isInteger(port) && { srcPort: port }),
    ...(typeof srcids.instance === 'string' && { instanceId: srcids.instance }),
    answers,
  };
}
