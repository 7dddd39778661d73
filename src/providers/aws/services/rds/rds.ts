import { type Parameter, RDSClient, type Tag } from '@aws-sdk/client-rds';
import type { ResourceRecord } from '../../../../core/resource.js';
import type { CollectContext } from '../../../../core/units/collector.js';
import { arn, configOf, flatTags, idsFrom, record, type Where } from '../common.js';

export const rds = (ctx: CollectContext): RDSClient => ctx.client(RDSClient);

/** RDS Describe calls take ARNs or identifiers in their id filters, so refresh passes either. */
export const idFilter = (name: string, ids: readonly string[]) => [{ Name: name, Values: ids.map((i) => (i.startsWith('arn:') ? i : (idsFrom([i])[0] ?? i))) }];

/**
 * A DB cluster parameter group's ARN (`cluster-pg:`, AWS's form): the cluster's `uses-parameter-group`
 * edge is built from the group's name alone, so the group's id must be the same string.
 */
export const clusterParameterGroupArn = (ctx: Where, name: string): string => arn(ctx, 'rds', `cluster-pg:${name}`);

export const RDS_TAG_TRIGGERS = ['AddTagsToResource', 'RemoveTagsFromResource'] as const;

export function rdsRecord(
  ctx: Where,
  type: string,
  id: string | undefined,
  name: string | undefined,
  raw: object & { TagList?: Tag[] | undefined },
  hydrated: Readonly<Record<string, unknown>>,
): ResourceRecord {
  return record(ctx, { type, id: id ?? '', name, tags: flatTags(raw.TagList), config: configOf(raw, hydrated) });
}

/**
 * Parameters that decide a database's security posture, across engines: TLS enforcement
 * (`rds.force_ssl` on PostgreSQL and SQL Server, `require_secure_transport` on MySQL/MariaDB),
 * TLS versions, connection/statement/audit logging, and a few risky switches. A group has hundreds
 * of parameters; keeping only these keeps the inventory small and the diffs meaningful.
 */
export const SECURITY_PARAMETERS: ReadonlySet<string> = new Set([
  'rds.force_ssl',
  'require_secure_transport',
  'ssl',
  'ssl_min_protocol_version',
  'ssl_max_protocol_version',
  'tls_version',
  'rds.tls_version',
  'password_encryption',
  'log_connections',
  'log_disconnections',
  'log_statement',
  'log_min_duration_statement',
  'log_hostname',
  'pgaudit.log',
  'pgaudit.role',
  'shared_preload_libraries',
  'rds.log_retention_period',
  'general_log',
  'slow_query_log',
  'log_output',
  'server_audit_logging',
  'server_audit_events',
  'local_infile',
  'log_bin_trust_function_creators',
  'rds.restrict_password_commands',
  'audit_trail',
  'contained database authentication',
  'remote access',
]);

/** `{ name: value }` for the security-relevant parameters; an unset parameter is `null` (the engine default applies). */
export function securityParameters(params: readonly Parameter[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const p of params) if (p.ParameterName && SECURITY_PARAMETERS.has(p.ParameterName)) out[p.ParameterName] = p.ParameterValue ?? null;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
