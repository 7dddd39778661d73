/**
 * Check shapes that recur across services, as spec builders: a check file that fits one of these
 * is a single call with its metadata. Fixtures are built here from the same examples each time, so
 * every check made from a kit is exercised on a passing, a failing and (where it reads hydrated
 * data) an erroring resource.
 */
import type { ControlRef } from '../../core/units/common.js';
import { type CheckFixture, type CheckSpec, fail, notApplicable, pass } from '../../core/units/check.js';
import type { Severity } from '../../core/severity.js';
import {
  type Cfg,
  type Res,
  adminGrant,
  type KnownAccountsParams,
  asArray,
  knownAccountsParams,
  missingHydrated,
  peers,
  publicStatements,
  unknownAccounts,
} from './checks-common.js';

interface Meta {
  id: string;
  title: string;
  resourceType: string;
  severity: Severity;
  risk: string;
  remediation: string;
  compliance: readonly ControlRef[];
}

const base = (m: Meta) => ({
  id: m.id,
  title: m.title,
  provider: 'aws' as const,
  resourceType: m.resourceType,
  severity: m.severity,
  risk: m.risk,
  remediation: { text: m.remediation },
  compliance: m.compliance,
});

/** A fixture in one line. */
export const fx = (name: string, config: Cfg, expect: CheckFixture<Cfg>['expect'], extra: Partial<CheckFixture<Cfg>> = {}): CheckFixture<Cfg> => ({
  name,
  resource: { config },
  expect,
  ...extra,
});

// ---------------------------------------------------------------------------------------------

const PUBLIC_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const ORG_DOC = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }],
};

/**
 * "The resource policy grants nothing to Principal '*' without a condition that narrows the caller."
 * `key` is the config key that holds the parsed policy; `hydrated` says whether it is a hydrated key
 * (absent = could not fetch → error) or part of the describe item (absent = no policy → pass).
 */
export function policyNotPublic(m: Meta & { key: string; hydrated: boolean }): CheckSpec<Cfg, Record<string, never>> {
  return {
    ...base(m),
    description: `Fails when the ${m.key} policy has an Allow statement with Principal "*" and no condition on the caller's account, organisation, source or network.`,
    ...(m.hydrated && { needs: [m.key] }),
    evaluate(r) {
      if (m.hydrated) {
        const missing = missingHydrated(r, [m.key]);
        if (missing) return missing;
      }
      const open = publicStatements(r.config[m.key]);
      return open.length
        ? fail(`policy allows anyone (Principal "*") to ${open.flatMap((s) => asArray(s.Action)).join(', ') || 'act'}`, { statements: open })
        : pass({ policy: r.config[m.key] ? 'restricted' : 'none' });
    },
    fixtures: [
      fx('no policy', { [m.key]: null }, 'pass'),
      fx('organisation-only policy', { [m.key]: ORG_DOC }, 'pass'),
      fx('policy open to anyone', { [m.key]: PUBLIC_DOC }, 'fail'),
      ...(m.hydrated ? [fx('policy could not be read', { _errors: { [m.key]: 'access-denied' } }, 'error')] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/** How a snapshot or image records who may use it, normalised to "all" and account ids. */
export type ShareReader = (c: Cfg) => string[];
export const ec2Permissions =
  (key: string): ShareReader =>
  (c) =>
    asArray(c[key] as Cfg[]).map((p) => (p.Group === 'all' ? 'all' : String(p.UserId ?? p.OrganizationArn ?? p.OrganizationalUnitArn ?? '')));
export const rdsRestore: ShareReader = (c) =>
  asArray(c.attributes as Cfg[])
    .filter((a) => a.AttributeName === 'restore')
    .flatMap((a) => asArray(a.AttributeValues as string[]));

/** Snapshot / image shared publicly ("all"). */
export function notPublicShare(m: Meta & { key: string; read: ShareReader; shape: (v: string[]) => Cfg }): CheckSpec<Cfg, Record<string, never>> {
  return {
    ...base(m),
    description: `Fails when ${m.key} include the group "all", which lets every AWS account use it.`,
    needs: [m.key],
    evaluate(r) {
      const missing = missingHydrated(r, [m.key]);
      if (missing) return missing;
      return m.read(r.config).includes('all') ? fail('shared with every AWS account (public)', { permissions: r.config[m.key] }) : pass();
    },
    fixtures: [
      fx('private', m.shape([]), 'pass'),
      fx('shared with one account', m.shape(['210987654321']), 'pass'),
      fx('public', m.shape(['all']), 'fail'),
      fx('permissions unreadable', { _errors: { [m.key]: 'access-denied' } }, 'error'),
    ],
  };
}

/** Snapshot / image shared with accounts that are neither the owner nor in `params.knownAccounts`. */
export function notSharedWithUnknown(m: Meta & { key: string; read: ShareReader; shape: (v: string[]) => Cfg }): CheckSpec<Cfg, KnownAccountsParams> {
  return {
    ...base(m),
    description: `Fails when ${m.key} name an account that is not in the check's knownAccounts parameter.`,
    needs: [m.key],
    params: knownAccountsParams,
    evaluate(r, ctx) {
      const missing = missingHydrated(r, [m.key]);
      if (missing) return missing;
      const accounts = m.read(r.config).filter((a) => /^\d{12}$/.test(a));
      const unknown = unknownAccounts(accounts, r.account, ctx.params.knownAccounts);
      return unknown.length ? fail(`shared with unknown account(s) ${unknown.join(', ')}`, { unknownAccounts: unknown }) : pass({ sharedWith: accounts });
    },
    fixtures: [
      fx('not shared', m.shape([]), 'pass'),
      fx('shared with a known account', m.shape(['210987654321']), 'pass', { params: { knownAccounts: ['210987654321'] } }),
      fx('shared with an unknown account', m.shape(['999999999999']), 'fail', { params: { knownAccounts: ['210987654321'] } }),
      fx('permissions unreadable', { _errors: { [m.key]: 'error: throttled' } }, 'error'),
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * "Service X is enabled in every region": judged once per account and region on the EBS
 * default-encryption setting, the one resource discovery records for every scanned region. The
 * service counts as enabled when a resource of `type` in that account and region says so, or when
 * the organisation enables it for members (a delegated administrator; `ctx.account.orgEnabled`).
 */
export const REGION_ANCHOR = 'aws.ec2.ebs-default-encryption';

export function regionalServiceEnabled(
  m: Omit<Meta, 'resourceType'> & {
    service: string;
    /** Organisation coverage of the service is not per region (an organisation trail records them all). */
    orgWide?: boolean;
    type: string;
    enabled: (r: Cfg) => boolean;
    example: Cfg;
    disabled: Cfg;
  },
): CheckSpec<Cfg, Record<string, never>> {
  const anchor = (account = '123456789012', region = 'us-east-1') => ({
    id: `arn:aws:ec2:${region}:${account}:ebs-default-encryption`,
    type: REGION_ANCHOR,
    provider: 'aws' as const,
    account,
    region,
    name: 'ebs-default-encryption',
    tags: {},
    config: { EbsEncryptionByDefault: true },
  });
  const other = (config: Cfg, region = 'us-east-1') => ({
    id: `fixture:${m.type}:${region}`,
    type: m.type,
    provider: 'aws' as const,
    account: '123456789012',
    region,
    name: m.type,
    tags: {},
    config,
  });
  return {
    ...base({ ...m, resourceType: REGION_ANCHOR }),
    description: `Judged per account and region: passes when a ${m.type} there is enabled or the organisation enables ${m.service} for member accounts.`,
    scope: 'graph',
    evaluate(r, ctx) {
      // The engine records organisation coverage as `svc:<region>`; an organisation trail is multi-region.
      const org = ctx.account?.orgEnabled;
      if (org?.has(`${m.service}:${r.region}`) || (m.orgWide && org?.has(m.service))) return pass({ via: 'organisation' });
      const found = peers(ctx.graph, m.type, r);
      const on = found.filter((x) => m.enabled(x.config as Cfg));
      if (on.length) return pass({ resources: on.map((x) => x.id) });
      return fail(`${m.service} is not enabled in ${r.region}`, { region: r.region, found: found.map((x) => x.id) });
    },
    fixtures: [
      { name: 'enabled in the region', resource: anchor(), related: { resources: [other(m.example)] }, expect: 'pass' },
      { name: 'present but disabled', resource: anchor(), related: { resources: [other(m.disabled)] }, expect: 'fail' },
      { name: 'enabled only in another region', resource: anchor(), related: { resources: [other(m.example, 'eu-west-1')] }, expect: 'fail' },
      { name: 'nothing in the region', resource: anchor(), expect: 'fail' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * A password-policy requirement; no policy at all fails every one of them. "No policy" is `null`
 * (resource model) or an empty item (what GetAccountPasswordPolicy's NoSuchEntity leaves).
 */
export function passwordPolicy(
  m: Omit<Meta, 'resourceType'> & { good: Cfg; bad: Cfg; test: (p: Cfg) => boolean; describe: (p: Cfg) => string },
): CheckSpec<Cfg | null, Record<string, never>> {
  return {
    ...base({ ...m, resourceType: 'aws.iam.password-policy' }),
    evaluate(r) {
      const p = r.config;
      if (!p || !Object.keys(p).some((k) => !k.startsWith('_'))) return fail('the account has no IAM password policy (AWS defaults apply)');
      return m.test(p) ? pass({ policy: p }) : fail(m.describe(p), { policy: p });
    },
    fixtures: [
      { name: 'compliant policy', resource: { config: m.good }, expect: 'pass' },
      { name: 'weak policy', resource: { config: m.bad }, expect: 'fail' },
      { name: 'no password policy', resource: { config: null }, expect: 'fail' },
      { name: 'no password policy (empty item)', resource: { config: {} }, expect: 'fail' },
    ],
  };
}

/** "Checks that apply only when X": returns a not-applicable outcome with the reason. */
export const skip = notApplicable;

// ---------------------------------------------------------------------------------------------

/**
 * The most common check: one test over the describe item (and hydrated keys listed in `needs`).
 * `applies` returns a reason when the check does not apply (a stopped instance, an Aurora member
 * whose cluster holds the setting). Fixtures: `good` passes, `bad` fails, `na` is not applicable;
 * a check with `needs` also gets an error fixture with the key unreadable.
 */
export function configTest(
  m: Meta & {
    needs?: readonly string[];
    applies?: (c: Cfg) => string | undefined;
    test: (c: Cfg) => boolean;
    problem: (c: Cfg) => string;
    evidence?: (c: Cfg) => Record<string, unknown>;
    good: Cfg | Cfg[];
    bad: Cfg | Cfg[];
    na?: Cfg;
  },
): CheckSpec<Cfg, Record<string, never>> {
  const needs = m.needs ?? [];
  return {
    ...base(m),
    ...(needs.length && { needs }),
    evaluate(r) {
      const missing = missingHydrated(r, needs);
      if (missing) return missing;
      const why = m.applies?.(r.config);
      if (why) return notApplicable(why);
      return m.test(r.config) ? pass(m.evidence?.(r.config)) : fail(m.problem(r.config), m.evidence?.(r.config));
    },
    fixtures: [
      ...asArray(m.good).map((c, i) => fx(`compliant ${i + 1}`, c, 'pass')),
      ...asArray(m.bad).map((c, i) => fx(`non-compliant ${i + 1}`, c, 'fail')),
      ...(m.na ? [fx('not applicable', m.na, 'not-applicable')] : []),
      ...(needs.length ? [fx('hydrated data unreadable', { _errors: Object.fromEntries(needs.map((k) => [k, 'access-denied'])) }, 'error')] : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * "The role this compute resource runs as is not an administrator" (graph): follows the has-role
 * edge to the IAM role and asks `adminGrant` (AdministratorAccess, inline or managed `*:*`). Code
 * execution on the resource (an SSRF, a dependency, a shell) then yields the whole account.
 */
export function roleNotAdmin(m: Meta & { running: (c: Cfg) => string | undefined; sample: Cfg }): CheckSpec<Cfg, Record<string, never>> {
  const self = `fixture:${m.id}`;
  const ROLE = 'arn:aws:iam::123456789012:role/app';
  const role = (attached: string[]) => ({
    id: ROLE,
    type: 'aws.iam.role',
    provider: 'aws' as const,
    account: '123456789012',
    region: 'global',
    name: 'app',
    tags: {},
    config: { RoleName: 'app', attachedPolicies: attached.map((a) => ({ PolicyName: a.split('/').pop(), PolicyArn: a })), inlinePolicies: [] },
  });
  const edge = [{ from: self, to: ROLE, kind: 'has-role' }];
  return {
    ...base(m),
    description: 'Graph check: follows the has-role edge to the IAM role and looks for AdministratorAccess or a *:* policy (inline or managed).',
    scope: 'graph',
    evaluate(r, ctx) {
      const why = m.running(r.config);
      if (why) return notApplicable(why);
      const roles = ctx.graph.neighbours(r.id, { kind: 'has-role', direction: 'out' }).filter((x) => x.type === 'aws.iam.role');
      if (!roles.length) return pass({ role: null });
      const admin = roles.map((x) => ({ id: x.id, why: adminGrant(x as Res, ctx.graph) })).filter((x) => x.why);
      return admin.length
        ? fail(`runs as administrator role ${admin.map((a) => `${a.id} (${a.why})`).join(', ')}`, { roles: admin })
        : pass({ roles: roles.map((x) => x.id) });
    },
    fixtures: [
      {
        name: 'scoped role',
        resource: { id: self, config: m.sample },
        related: { resources: [role(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'])], edges: edge },
        expect: 'pass',
      },
      {
        name: 'administrator role',
        resource: { id: self, config: m.sample },
        related: { resources: [role(['arn:aws:iam::aws:policy/AdministratorAccess'])], edges: edge },
        expect: 'fail',
      },
      { name: 'no role', resource: { id: self, config: m.sample }, expect: 'pass' },
    ],
  };
}
