import type { GraphView, ResourceRecord } from '../../../../core/resource.js';
import { type CheckOutcome, checkError, fail, notApplicable, pass } from '../../../../core/units/check.js';
import { type Cfg, missingHydrated } from '../../checks-common.js';

/**
 * How an engine family forces TLS on every connection through its parameter group: the parameter,
 * which values force it, and what an unset or absent parameter means (the engine default).
 */
export interface TlsRule {
  parameter: 'require_secure_transport' | 'rds.force_ssl';
  forced: (value: string) => boolean;
  /** Whether the engine default forces TLS, for this major version; `undefined` = cannot tell without the version. */
  byDefault: (major: number | undefined) => boolean | undefined;
}

const MYSQL: TlsRule = {
  parameter: 'require_secure_transport',
  // MySQL takes 1/ON (the console writes either); anything else, OFF/0, lets plain connections in.
  forced: (v) => /^(1|on)$/i.test(v.trim()),
  // Default OFF on every MySQL, MariaDB and Aurora MySQL version; families that lack the parameter
  // (MySQL 5.6, MariaDB before 10.5, Aurora MySQL 1) cannot force TLS at all, which is the same answer.
  byDefault: () => false,
};

const FORCE_SSL_OFF: TlsRule = { parameter: 'rds.force_ssl', forced: (v) => v.trim() === '1', byDefault: () => false };

/**
 * RDS for PostgreSQL changed the default of rds.force_ssl to 1 with major version 15; before that it is 0.
 * Without a version the default cannot be told, and the check says it cannot judge rather than guess.
 */
const RDS_POSTGRES: TlsRule = { ...FORCE_SSL_OFF, byDefault: (major) => (major === undefined ? undefined : major >= 15) };

/**
 * The rule for an RDS engine name, or undefined when the engine does not force TLS through a parameter
 * group (Oracle uses the SSL option of an option group; Db2, RDS Custom, Neptune and DocumentDB, which
 * DescribeDBInstances/Clusters also return, are out of scope). Aurora PostgreSQL keeps the default 0 on
 * every version (AWS knowledge center, "aurora-postgresql-ssl-certificates"), unlike RDS for PostgreSQL;
 * SQL Server's rds.force_ssl defaults to 0.
 */
export function tlsRule(engine: string): TlsRule | undefined {
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql' || engine === 'aurora') return MYSQL;
  if (engine === 'postgres') return RDS_POSTGRES;
  if (engine === 'aurora-postgresql' || engine.startsWith('sqlserver-')) return FORCE_SSL_OFF;
  return undefined;
}

/** The major version from a parameter group family (`postgres15`, `aurora-postgresql9.6`) or an engine version (`15.4`). */
export function majorVersion(familyOrVersion: unknown): number | undefined {
  // The first digit run from which dotted parts reach the end: `postgres15` → 15, `8.0.mysql_aurora.3.04.0` → 8.
  const m = /(\d+)(?:\.[\w.-]*)?$/.exec(String(familyOrVersion ?? ''));
  return m ? Number(m[1]) : undefined;
}

/**
 * Judges a database (instance or cluster) by the parameter groups its `uses-parameter-group` edges reach:
 * fail when any group leaves plain connections allowed. A parameter that is `null` (unset) or absent from
 * the kept values takes the engine default for the group's family (its major version; the database's
 * EngineVersion when the family has none). A group outside the inventory is not judged.
 */
export function judgeTls(r: ResourceRecord, graph: GraphView, groupType: string): CheckOutcome {
  const c = r.config as Cfg;
  const engine = String(c.Engine ?? '');
  const rule = tlsRule(engine);
  if (!rule) return notApplicable(`engine ${engine || '(unknown)'} does not force TLS through a parameter group`);
  const groups = graph.neighbours(r.id, { kind: 'uses-parameter-group', direction: 'out' }).filter((g) => g.type === groupType);
  if (!groups.length) return notApplicable('parameter group is not in the inventory');
  const open: Record<string, unknown>[] = [];
  for (const g of groups) {
    const missing = missingHydrated(g as { config: Cfg }, ['parameters']);
    if (missing) return missing;
    const gc = g.config as Cfg;
    const value = (gc.parameters as Record<string, string | null>)[rule.parameter] ?? null;
    const forced = value === null ? rule.byDefault(majorVersion(gc.DBParameterGroupFamily) ?? majorVersion(c.EngineVersion)) : rule.forced(value);
    if (forced === undefined)
      return checkError('missing-data', `the engine version of ${g.name} is unknown, so the default of ${rule.parameter} cannot be told`);
    if (!forced) open.push({ parameterGroup: g.id, parameter: rule.parameter, value, engineDefault: value === null });
  }
  if (!open.length) return pass({ parameterGroups: groups.map((g) => g.id), parameter: rule.parameter });
  const first = open[0] as { parameter: string; value: string | null };
  const shown = first.value === null ? 'not set (the engine default allows plain connections)' : `"${first.value}"`;
  return fail(`connections may skip TLS: ${first.parameter} is ${shown}`, { groups: open });
}
