/**
 * What AWS checks share, so each check file says only what is specific to it. Everything here is
 * pure: checks read `ResourceRecord`s shaped as docs/resource-model.md fixes them (config = the SDK
 * item, PascalCase, plus camelCase hydrated keys; an absent hydrated key + `_errors[key]` means
 * "could not fetch", `null` means "fetched, none configured").
 */
import { z } from 'zod';
import type { GraphView, ResourceRecord } from '../../core/resource.js';
import { type CheckOutcome, checkError, fail, pass } from '../../core/units/check.js';

export type Cfg = Record<string, any>;
export type Res = ResourceRecord<Cfg>;

// ---------------------------------------------------------------------------------------------
// Hydrated keys

/**
 * The one answer to "a hydrated key this check needs is absent": an `error` outcome carrying the
 * collector's recorded reason (`access-denied`, `not-found`, `error: …`), or `missing-data` when
 * none was recorded. Never a fail. Returns undefined when every key is present (null counts as present).
 */
export function missingHydrated(r: { config: Cfg }, keys: readonly string[]): CheckOutcome | undefined {
  const errors = (r.config?._errors ?? {}) as Record<string, string>;
  for (const k of keys) {
    if (r.config?.[k] === undefined) {
      const reason = errors[k] ?? 'missing-data';
      return checkError(reason, `could not read ${k} (${reason}); the check cannot decide`);
    }
  }
  return undefined;
}

/** `x`, `[x]` or nothing, as an array: AWS policy fields take a value or a list. */
export function asArray<T>(x: T | readonly T[] | undefined | null): T[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? [...x] : [x as T];
}

// ---------------------------------------------------------------------------------------------
// IAM policy documents

export interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a parsed policy document (tolerates a JSON string, a single statement, or null). */
export function statements(doc: unknown): Statement[] {
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  if (!doc || typeof doc !== 'object') return [];
  return asArray((doc as { Statement?: Statement | Statement[] }).Statement).filter((s): s is Statement => !!s && typeof s === 'object');
}

export const allows = (s: Statement) => s.Effect === 'Allow';

/** `"*"`, `{AWS: "*"}` or `{AWS: ["*", …]}`: anyone, any account. */
export function principalIsAnyone(p: unknown): boolean {
  if (p === '*') return true;
  if (!p || typeof p !== 'object') return false;
  return asArray((p as Record<string, unknown>).AWS as string | string[]).includes('*');
}

/**
 * Condition keys that pin a public principal down to a known caller (an account, an organisation,
 * a VPC or endpoint, a source resource). A Principal "*" statement with one of these is not public.
 * `kms:ViaService` is not one: it names the calling service, and any account can call through it
 * (AWS managed key policies pair it with `kms:CallerAccount`, which does the pinning).
 */
const RESTRICTING_CONDITION_KEYS = [
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:resourceorgid',
  'kms:calleraccount',
  'aws:sourceip',
  'aws:userid',
];

export function hasRestrictingCondition(s: Statement): boolean {
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    if (/IfExists$/i.test(op) || /^Null$/i.test(op)) continue; // "…IfExists" and Null do not pin the caller down
    for (const [key, value] of Object.entries(block ?? {})) {
      if (!RESTRICTING_CONDITION_KEYS.includes(key.toLowerCase())) continue;
      if (asArray(value as string | string[]).some((v) => v === '*')) continue;
      return true;
    }
  }
  return false;
}

/** Allow statements open to anyone (Principal "*") without a condition that narrows the caller. */
export function publicStatements(doc: unknown): Statement[] {
  return statements(doc).filter((s) => allows(s) && principalIsAnyone(s.Principal) && !hasRestrictingCondition(s));
}

/** IAM action globbing: `s3:Get*` matches `s3:GetObject`; case-insensitive as IAM is. */
const patternCache = new Map<string, RegExp>();
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    // Bounded: policy documents repeat a small vocabulary of patterns; an adversarial inventory cannot grow this without limit.
    if (patternCache.size < 10_000) patternCache.set(pattern, re);
  }
  return re.test(action);
}

/** Whether a statement's Action (or the complement of its NotAction) covers the given action. */
export function statementCovers(s: Statement, action: string): boolean {
  if (s.Action !== undefined) return asArray(s.Action).some((p) => actionMatches(p, action));
  if (s.NotAction !== undefined) return !asArray(s.NotAction).some((p) => actionMatches(p, action));
  return false;
}

/** Allow statements of the document that grant `action` (any resource). */
export function allowingStatements(doc: unknown, action: string): Statement[] {
  return statements(doc).filter((s) => allows(s) && statementCovers(s, action));
}

/** Full administrative access: Allow, Action "*" (or "*:*"), Resource "*". */
export function isAdminStatement(s: Statement): boolean {
  return allows(s) && asArray(s.Action).some((a) => a === '*' || a === '*:*') && asArray(s.Resource).includes('*');
}
export const grantsAdmin = (doc: unknown) => statements(doc).some(isAdminStatement);

/** Account ids named as principals (`123456789012`, `arn:aws:iam::123456789012:root|role/…`). */
export function principalAccounts(p: unknown): string[] {
  if (!p || typeof p !== 'object') return [];
  const out = new Set<string>();
  for (const v of asArray((p as Record<string, unknown>).AWS as string | string[])) {
    const m = /^(\d{12})$/.exec(v) ?? /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(v);
    if (m?.[1]) out.add(m[1]);
  }
  return [...out];
}

export const AWS_ADMIN_POLICY_ARN = /^arn:aws[\w-]*:iam::aws:policy\/AdministratorAccess$/;

// ---------------------------------------------------------------------------------------------
// Network: CIDRs, ingress rules and port ranges

export const WORLD_V4 = '0.0.0.0/0';
export const WORLD_V6 = '::/0';
export type IpFamily = 'ipv4' | 'ipv6';

/** A flattened ingress permission: one protocol, one port range, one source. */
export interface IngressRule {
  protocol: string; // 'tcp' | 'udp' | 'icmp' | '-1' (all) | number as text
  from: number;
  to: number;
  source: string;
  family: IpFamily;
}

/**
 * A security group's `IpPermissions`, one rule per CIDR (a rule without ports covers all ports).
 * Memoised per config object: the port family runs ~60 variants over the same group.
 */
const ingressCache = new WeakMap<object, IngressRule[]>();
export function securityGroupIngress(sg: Cfg): IngressRule[] {
  const cached = ingressCache.get(sg);
  if (cached) return cached;
  const out: IngressRule[] = [];
  for (const p of asArray(sg.IpPermissions as Cfg[])) {
    const protocol = String(p.IpProtocol ?? '-1');
    const all = protocol === '-1' || p.FromPort === undefined || p.FromPort === null || p.FromPort === -1;
    const from = all ? 0 : Number(p.FromPort);
    const to = all ? 65535 : Number(p.ToPort ?? p.FromPort);
    for (const r of asArray(p.IpRanges as Cfg[])) out.push({ protocol, from, to, source: String(r.CidrIp), family: 'ipv4' });
    for (const r of asArray(p.Ipv6Ranges as Cfg[])) out.push({ protocol, from, to, source: String(r.CidrIpv6), family: 'ipv6' });
  }
  ingressCache.set(sg, out);
  return out;
}

export const isWorld = (cidr: string, family?: IpFamily) =>
  (family !== 'ipv6' && cidr === WORLD_V4) || (family !== 'ipv4' && (cidr === WORLD_V6 || cidr === '::0/0'));

/** Does a rule on `protocol` `from..to` admit traffic to `port` over `want` ('tcp', 'udp')? */
export function ruleCoversPort(rule: { protocol: string; from: number; to: number }, port: number, want: 'tcp' | 'udp' = 'tcp'): boolean {
  const proto = rule.protocol.toLowerCase();
  const protoOk = proto === '-1' || proto === 'all' || proto === want || (want === 'tcp' && proto === '6') || (want === 'udp' && proto === '17');
  return protoOk && rule.from <= port && port <= rule.to;
}

/** Does the rule open every port (protocol all, or 0–65535)? */
export const ruleIsAllPorts = (r: { protocol: string; from: number; to: number }) => r.protocol === '-1' || (r.from <= 0 && r.to >= 65535);

/** World-open ingress rules of a security group, optionally only those covering a port. */
export function worldOpenIngress(sg: Cfg, family?: IpFamily, port?: { port: number; protocol: 'tcp' | 'udp' }): IngressRule[] {
  return securityGroupIngress(sg).filter((r) => isWorld(r.source, family) && (!port || ruleCoversPort(r, port.port, port.protocol)));
}

/** Network ACL entries: inbound allow rules, in rule-number order (the first match decides). */
export interface AclEntry {
  RuleNumber: number;
  Protocol: string;
  RuleAction: string;
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From?: number; To?: number };
}

/**
 * Does the NACL admit world traffic to `port`? Evaluated as AWS does: inbound entries in rule-number
 * order, the first one matching a world source and the port decides (allow or deny).
 */
export function naclAdmitsWorld(nacl: Cfg, port: number | 'all', family: IpFamily): AclEntry | undefined {
  const entries = asArray(nacl.Entries as AclEntry[])
    .filter((e) => !e.Egress)
    .sort((a, b) => a.RuleNumber - b.RuleNumber);
  for (const e of entries) {
    const cidr = family === 'ipv4' ? e.CidrBlock : e.Ipv6CidrBlock;
    if (!cidr || !isWorld(cidr, family)) continue;
    const rule = { protocol: String(e.Protocol), from: e.PortRange?.From ?? 0, to: e.PortRange?.To ?? 65535 };
    const matches = port === 'all' ? ruleIsAllPorts(rule) : ruleCoversPort(rule, port, 'tcp');
    if (matches) return e.RuleAction === 'allow' ? e : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// TLS policies

/**
 * ELB security policies that still allow TLS 1.0/1.1 (or SSLv3). Modern policies are the TLS13 /
 * FS-1-2 / TLS-1-2 families; anything named here, or any classic `ELBSecurityPolicy-2015/2016`
 * style policy, is outdated.
 */
const OUTDATED_TLS_POLICY =
  /^(ELBSecurityPolicy-(2015-05|2016-08|TLS-1-0-2015-04|TLS-1-1-2017-01|FS-2018-06|FS-1-1-2019-08)|ELBSecurityPolicy-TLS13-1-(0|1)-2021-06|ELBSample-|ELBSecurityPolicy-2011-08|ELBSecurityPolicy-2014-01|ELBSecurityPolicy-2014-10|ELBSecurityPolicy-2015-02|ELBSecurityPolicy-2015-03)/;
export const tlsPolicyOutdated = (name: string | undefined | null) => !name || OUTDATED_TLS_POLICY.test(name);

/** CloudFront viewer minimum protocol versions that accept TLS below 1.2. */
export const cloudFrontProtocolOutdated = (v: string | undefined) => !v || /^(SSLv3|TLSv1(_2016)?|TLSv1\.1_2016)$/.test(v);

// ---------------------------------------------------------------------------------------------
// Dates

/** Whole days from an ISO date to now; undefined for missing or unparseable dates (and "N/A"). */
export function ageDays(iso: unknown, now: Date): number | undefined {
  if (typeof iso !== 'string' && !(iso instanceof Date)) return undefined;
  const t = new Date(iso as string).getTime();
  if (Number.isNaN(t)) return undefined;
  return Math.floor((now.getTime() - t) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// Secrets in plain configuration

const SECRET_NAME = /(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;
const SECRET_VALUE = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{36}\b/, // GitHub token
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, // Slack token
  /\b[a-z]+:\/\/[^/\s:]+:[^@\s]+@/, // credentials in a URL
];
/** Does a variable or parameter name suggest it holds a secret? */
export const looksLikeSecretName = (name: string) => SECRET_NAME.test(name);

/** References to a secret store are the right way to pass secrets, not a secret. */
const SECRET_REFERENCE = /^(arn:aws[\w-]*:(secretsmanager|ssm|kms):|\{\{resolve:|\$\{)/;

/**
 * Environment variables that look like they hold a secret: a secret-like name with a non-trivial
 * literal value, or any value shaped like a known credential. Returns the names only (never values).
 */
export function secretLikeVariables(vars: Record<string, unknown> | undefined | null): string[] {
  const hits: string[] = [];
  for (const [name, raw] of Object.entries(vars ?? {})) {
    const value = String(raw ?? '');
    if (SECRET_REFERENCE.test(value)) continue;
    const byName = SECRET_NAME.test(name) && value.length >= 8 && !/^(true|false|\d+)$/i.test(value);
    if (byName || SECRET_VALUE.some((re) => re.test(value))) hits.push(name);
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Parameters shared by several checks

/** Accounts a resource may be shared with or trusted by (beyond its own account and the organisation). */
export const knownAccountsParams = z.object({
  knownAccounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit account id')).default([]),
});
export type KnownAccountsParams = z.infer<typeof knownAccountsParams>;

/** Accounts outside the resource's own account and the known list. */
export function unknownAccounts(accounts: readonly string[], own: string, known: readonly string[]): string[] {
  return accounts.filter((a) => a !== own && !known.includes(a));
}

// ---------------------------------------------------------------------------------------------
// Outcomes from lists

/** Pass when nothing offends, else fail naming what does: the common "list the offenders" shape. */
export function failIfAny<T>(
  offenders: readonly T[],
  message: (list: readonly T[]) => string,
  evidence: (list: readonly T[]) => Record<string, unknown>,
): CheckOutcome {
  return offenders.length ? fail(message(offenders), evidence(offenders)) : pass();
}

/** Every resource of a type in the same account (and region, unless global) as `r`. */
export function peers(graph: GraphView, type: string, r: Res, sameRegion = true): ResourceRecord[] {
  return graph.byType(type, sameRegion ? { account: r.account, region: r.region } : { account: r.account });
}

// ---------------------------------------------------------------------------------------------
// IAM identities

/** Inline policy documents of a user, group or role (`inlinePolicies` hydrated key). */
export const inlineDocuments = (c: Cfg): unknown[] => asArray(c.inlinePolicies as Cfg[]).map((p) => p.PolicyDocument);

/**
 * Why an identity has full administrative access, or undefined: the AWS AdministratorAccess policy
 * attached, an inline `*:*` policy, or a customer managed `*:*` policy reached by a has-policy edge.
 */
export function adminGrant(r: Res, graph: GraphView): string | undefined {
  const attached = asArray(r.config.attachedPolicies as Cfg[]);
  const aws = attached.find((p) => AWS_ADMIN_POLICY_ARN.test(String(p.PolicyArn)));
  if (aws) return `attached policy ${aws.PolicyName ?? 'AdministratorAccess'}`;
  const inline = asArray(r.config.inlinePolicies as Cfg[]).find((p) => grantsAdmin(p.PolicyDocument));
  if (inline) return `inline policy ${inline.PolicyName}`;
  const managed = graph.neighbours(r.id, { kind: 'has-policy', direction: 'out' }).find((p) => grantsAdmin((p.config as Cfg).document));
  if (managed) return `managed policy ${managed.name}`;
  return undefined;
}

/** A credential-report row, values as the CSV has them ('true', 'false', 'N/A', ISO dates). */
export type CredentialRow = Record<string, string>;
export const ROOT_USER = '<root_account>';
export const rootRow = (c: Cfg): CredentialRow | undefined => asArray(c.rows as CredentialRow[]).find((row) => row.user === ROOT_USER);

// ---------------------------------------------------------------------------------------------
// CloudTrail event selectors

/**
 * Does a trail's `eventSelectors` (basic or advanced) record S3 object-level `mode` events for the
 * bucket? Basic selectors: a DataResource of type AWS::S3::Object whose values name all buckets
 * (`arn:aws:s3`, `arn:aws:s3:::`) or this one, with a matching ReadWriteType. Advanced selectors:
 * eventCategory Data, resources.type AWS::S3::Object, readOnly absent or matching, resources.ARN
 * absent or a prefix of the bucket.
 */
export function trailLogsS3Objects(selectors: Cfg | null | undefined, bucket: string, mode: 'read' | 'write'): boolean {
  const bucketArn = `arn:aws:s3:::${bucket}/`;
  // Module-level helpers, not closures: this runs for every (bucket, trail) pair of an account.
  for (const s of asArray(selectors?.EventSelectors as Cfg[]))
    if (
      (s.ReadWriteType === 'All' || s.ReadWriteType === (mode === 'read' ? 'ReadOnly' : 'WriteOnly')) &&
      asArray(s.DataResources as Cfg[]).some((d) => d.Type === 'AWS::S3::Object' && coversBucket(asArray(d.Values as string[]), bucketArn))
    )
      return true;
  for (const s of asArray(selectors?.AdvancedEventSelectors as Cfg[])) {
    const fields = asArray(s.FieldSelectors as Cfg[]);
    if (!equalsOf(fields, 'eventCategory').includes('Data') || !equalsOf(fields, 'resources.type').includes('AWS::S3::Object')) continue;
    const ro = fieldOf(fields, 'readOnly');
    if (ro && !asArray(ro.Equals as string[]).includes(mode === 'read' ? 'true' : 'false')) continue;
    const arn = fieldOf(fields, 'resources.ARN');
    if (!arn || coversBucket(asArray(arn.StartsWith as string[]), bucketArn) || asArray(arn.Equals as string[]).length === 0) return true;
  }
  return false;
}

const S3_ANY = /^arn:aws[\w-]*:s3(:::)?$/;
const PARTITION = /^arn:aws[\w-]*:/;
/** Whether selector values (ARN prefixes, or "all of S3") cover objects of the bucket whose `arn:aws:s3:::name/` is given. */
const coversBucket = (values: readonly string[], bucketArn: string): boolean =>
  values.some((v) => S3_ANY.test(v) || bucketArn.startsWith(v.replace(PARTITION, 'arn:aws:')));
const fieldOf = (fields: readonly Cfg[], name: string): Cfg | undefined => fields.find((f) => f.Field === name);
const equalsOf = (fields: readonly Cfg[], name: string): string[] => asArray(fieldOf(fields, name)?.Equals as string[]);

/**
 * A per-account answer computed once for the same lists: the engine's graph hands out the same
 * frozen list for the same question within a batch, so a check that every resource of an account asks
 * (the support role, the CIS alarms) stops re-walking the account for each of them. Fetch every list
 * the answer depends on before calling (so a graph that has not loaded one still hears the question);
 * any other graph returns fresh lists and simply recomputes.
 */
export function memoOnLists<T>(memo: WeakMap<object, { deps: readonly object[]; value: T }>, deps: readonly object[], compute: () => T): T {
  const key = deps[0] as object;
  const hit = memo.get(key);
  if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
  const value = compute();
  // Only lists the graph answered (frozen) are shared and stable; an unanswered question is a fresh array.
  if (deps.every((d) => Object.isFrozen(d))) memo.set(key, { deps, value });
  return value;
}

// ---------------------------------------------------------------------------------------------
// S3 bucket publicity (used where another resource depends on a bucket staying private)

const PUBLIC_GRANTEES = /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** Why a bucket record is public (ACL grant, policy statement, S3's own policy status), or []. */
export function bucketPublicReasons(c: Cfg): string[] {
  const reasons: string[] = [];
  const pab = (c.publicAccessBlock ?? {}) as Cfg;
  if (!pab.IgnorePublicAcls && asArray(c.acl?.Grants as Cfg[]).some((g) => PUBLIC_GRANTEES.test(String(g.Grantee?.URI ?? ''))))
    reasons.push('public ACL grant');
  if (!pab.RestrictPublicBuckets && (publicStatements(c.policy).length || c.policyStatus?.IsPublic === true)) reasons.push('public bucket policy');
  return reasons;
}

/** ELBv2 / classic attributes as a map: `[{Key, Value}]` (ELBv2) or the classic nested object. */
export function attributeMap(attrs: unknown): Record<string, string> {
  if (Array.isArray(attrs)) return Object.fromEntries(attrs.map((a: Cfg) => [String(a.Key), String(a.Value)]));
  return {};
}
