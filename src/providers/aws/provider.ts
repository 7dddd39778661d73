import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  type Account as OrgAccount,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { describeAwsError, classifyAwsError } from './errors.js';
import { homeRegion, parseArn, partitionOf, roleArn } from './partition.js';
import type { GapKind } from '../../core/status.js';

/**
 * The AWS provider: who we are, which accounts and regions to scan, and credentials for each.
 * Every SDK client is built by a `ClientMaker` the caller supplies (the discovery engine's client
 * factory with retries, rate budget, record/replay), so this file never builds a client with its
 * own endpoint or retry settings — `AWS_ENDPOINT_URL` and friends keep working.
 */
export interface AwsProviderOptions {
  profile?: string;
  /** Role name (or full ARN) assumed in each member account. */
  assumeRole?: string;
  externalId?: string;
  /** Narrow to these account ids. */
  accounts?: readonly string[];
  /** Region list, or 'all' enabled regions (the default). */
  regions?: readonly string[] | 'all';
  /** Region used for the bootstrap calls (STS, Organizations, DescribeRegions). */
  region?: string;
  sessionName?: string;
}

/** Builds an SDK client for (account, region, credentials). */
export type ClientMaker = <T>(ctor: new (config: never) => T, where: { account: string; region: string; credentials?: AwsCredentialIdentityProvider }) => T;

export interface AwsAccountTarget {
  id: string;
  name: string;
  email?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE … ('ACTIVE' for a standalone account). */
  status: string;
  /** The parent OU id (or root id), when Organizations told us. */
  parent: string | null;
  /** OU names from the root, e.g. ['Root', 'Workloads', 'Prod']. */
  ouPath: string[];
  partition: string;
  /** Undefined = the caller's own credentials. */
  credentials?: AwsCredentialIdentityProvider;
}

export interface SkippedAccount {
  id: string;
  name: string;
  reason: string;
}

export interface DiscoveryProblem {
  account: string;
  region: string;
  service: string;
  operation: string;
  kind: GapKind;
  message: string;
}

export interface AwsTargets {
  caller: { account: string; arn: string; partition: string };
  /** Where the accounts list came from. */
  source: 'organizations' | 'caller';
  organization?: { rootId?: string; ous: { id: string; name: string; parent: string }[] };
  /** The organisation's management account (DescribeOrganization answers in any member account). */
  managementAccount?: string;
  /**
   * Where the Organizations collectors run, once per scan: the caller when it can list the
   * organisation (the management account or a delegated administrator); otherwise the management
   * account when it is scanned (through the assumed role); otherwise the caller, whose one
   * AccessDenied then says what is missing. `null` when the account is in no organisation.
   */
  organizationAccount: string | null;
  accounts: AwsAccountTarget[];
  skipped: SkippedAccount[];
  problems: DiscoveryProblem[];
  /**
   * With an organisation: fetches the member accounts' tags (`accountTags`). Left to the caller, as
   * one ListTagsForResource per account on the organisation's single budget takes 20 s for 200
   * accounts at 10 calls/s, and a scan need not wait for it before collecting.
   */
  deferredTags?: () => Promise<{ tags: Map<string, Record<string, string>>; problems: DiscoveryProblem[] }>;
}

/** The caller's base credentials: a named profile, or the default chain (env, SSO, IMDS, …). */
export function baseCredentials(opts: Pick<AwsProviderOptions, 'profile'>): AwsCredentialIdentityProvider {
  return opts.profile ? fromIni({ profile: opts.profile }) : fromNodeProviderChain();
}

/**
 * A refreshing credential provider that assumes `RoleArn` with the master credentials. Written here
 * instead of `fromTemporaryCredentials` so the STS call goes through our client factory (recorded,
 * replayed, mocked in tests, honouring the endpoint).
 */
export function assumeRoleCredentials(
  make: ClientMaker,
  where: { account: string; region: string; master?: AwsCredentialIdentityProvider },
  params: { roleArn: string; externalId?: string; sessionName?: string; durationSeconds?: number },
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (c: AwsCredentialIdentity) => !c.expiration || c.expiration.getTime() - now() > 5 * 60_000;
  return async () => {
    if (cached && fresh(cached)) return cached;
    pending ??= (async () => {
      try {
        const sts = make(STSClient, { account: where.account, region: where.region, ...(where.master && { credentials: where.master }) });
        const out = await sts.send(
          new AssumeRoleCommand({
            RoleArn: params.roleArn,
            RoleSessionName: params.sessionName ?? 'skywatch-discovery',
            DurationSeconds: params.durationSeconds ?? 3600,
            ...(params.externalId && { ExternalId: params.externalId }),
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${params.roleArn} returned no credentials`);
        cached = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken && { sessionToken: c.SessionToken }),
          ...(c.Expiration && { expiration: new Date(c.Expiration) }),
        };
        return cached;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

function tagsOf(list: { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

async function paginate<T>(fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetch(token);
    all.push(...page.items);
    token = page.next;
    // A misbehaving endpoint that repeats a token must not loop forever.
    if (token !== undefined) {
      if (seen.has(token)) break;
      seen.add(token);
    }
  } while (token);
  return all;
}

interface OrgTree {
  rootId?: string;
  ous: { id: string; name: string; parent: string }[];
  parentOf: Map<string, string>;
}

/** Walks the OU tree: OUs with their parents, and each account's parent. */
async function walkOrganization(org: OrganizationsClient): Promise<OrgTree> {
  const roots = await paginate(async (NextToken) => {
    const r = await org.send(new ListRootsCommand({ ...(NextToken && { NextToken }) }));
    return { items: r.Roots ?? [], next: r.NextToken };
  });
  const tree: OrgTree = { ous: [], parentOf: new Map() };
  const root = roots[0];
  if (!root?.Id) return tree;
  tree.rootId = root.Id;
  const queue = [root.Id];
  while (queue.length) {
    const parent = queue.shift() as string;
    const ous = await paginate(async (NextToken) => {
      const r = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent, ...(NextToken && { NextToken }) }));
      return { items: r.OrganizationalUnits ?? [], next: r.NextToken };
    });
    for (const ou of ous) {
      if (!ou.Id) continue;
      tree.ous.push({ id: ou.Id, name: ou.Name ?? ou.Id, parent });
      queue.push(ou.Id);
    }
    const children = await paginate(async (NextToken) => {
      const r = await org.send(new ListChildrenCommand({ ParentId: parent, ChildType: 'ACCOUNT', ...(NextToken && { NextToken }) }));
      return { items: r.Children ?? [], next: r.NextToken };
    });
    for (const c of children) if (c.Id) tree.parentOf.set(c.Id, parent);
  }
  return tree;
}

/** `['Root', 'Workloads', 'Prod']` for an account under Root/Workloads/Prod. */
export function ouPath(tree: { rootId?: string; ous: { id: string; name: string; parent: string }[] }, parent: string | undefined): string[] {
  const byId = new Map(tree.ous.map((o) => [o.id, o]));
  const path: string[] = [];
  let at = parent;
  for (let guard = 0; at && guard < 10; guard++) {
    const ou = byId.get(at);
    if (!ou) {
      if (at === tree.rootId) path.unshift('Root');
      break;
    }
    path.unshift(ou.name);
    at = ou.parent;
  }
  return path;
}

/**
 * Each account's tags from Organizations (`org`: a client in the account that reads the
 * organisation). A failure is a problem for that account, never a reason to stop.
 */
export async function accountTags(
  org: Pick<OrganizationsClient, 'send'>,
  ids: readonly string[],
): Promise<{ tags: Map<string, Record<string, string>>; problems: DiscoveryProblem[] }> {
  const tags = new Map<string, Record<string, string>>();
  const problems: DiscoveryProblem[] = [];
  for (const id of ids) {
    try {
      const t = await paginate(async (NextToken) => {
        const r = await org.send(new ListTagsForResourceCommand({ ResourceId: id, ...(NextToken && { NextToken }) }));
        return { items: r.Tags ?? [], next: r.NextToken };
      });
      tags.set(id, tagsOf(t));
    } catch (err) {
      problems.push({
        account: id,
        region: 'global',
        service: 'organizations',
        operation: 'ListTagsForResource',
        kind: classifyAwsError(err),
        message: describeAwsError(err),
      });
    }
  }
  return { tags, problems };
}

/**
 * Who we are and which accounts to scan. With Organizations access (management or delegated
 * admin account) that is every ACTIVE member, narrowed by `accounts`; suspended and closing ones are
 * skipped and reported. Without it, the caller's own account. Member accounts other than the
 * caller's need `assumeRole`; without it they are skipped with that reason.
 */
export async function discoverTargets(make: ClientMaker, opts: AwsProviderOptions, base?: AwsCredentialIdentityProvider): Promise<AwsTargets> {
  const region = opts.region ?? 'us-east-1';
  const sts = make(STSClient, { account: '_', region, ...(base && { credentials: base }) });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  const callerAccount = me.Account ?? '';
  const callerArn = me.Arn ?? '';
  const partition = parseArn(callerArn)?.partition || partitionOf(region);
  const home = opts.region ?? homeRegion(partition);
  const problems: DiscoveryProblem[] = [];
  const skipped: SkippedAccount[] = [];
  const wanted = opts.accounts?.length ? new Set(opts.accounts) : undefined;

  let orgAccounts: OrgAccount[] | undefined;
  let tree: OrgTree | undefined;
  const org = make(OrganizationsClient, { account: callerAccount, region: home, ...(base && { credentials: base }) });
  try {
    orgAccounts = await paginate(async (NextToken) => {
      const r = await org.send(new ListAccountsCommand({ ...(NextToken && { NextToken }) }));
      return { items: r.Accounts ?? [], next: r.NextToken };
    });
  } catch (err) {
    // Not in an organisation, or not allowed to list it: scan the caller's account alone, and say so.
    problems.push({
      account: callerAccount,
      region: 'global',
      service: 'organizations',
      operation: 'ListAccounts',
      kind: classifyAwsError(err),
      message: describeAwsError(err),
    });
  }
  // Which account manages the organisation. Best effort: a member account may be denied this too,
  // and then the planner falls back to the caller.
  let managementAccount: string | undefined;
  let inOrganization = true;
  try {
    managementAccount = (await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId;
  } catch (err) {
    if ((err as { name?: string }).name === 'AWSOrganizationsNotInUseException') inOrganization = false;
  }
  if (orgAccounts) {
    try {
      tree = await walkOrganization(org);
    } catch (err) {
      problems.push({
        account: callerAccount,
        region: 'global',
        service: 'organizations',
        operation: 'ListOrganizationalUnitsForParent',
        kind: classifyAwsError(err),
        message: describeAwsError(err),
      });
    }
  }

  const accounts: AwsAccountTarget[] = [];
  const credsFor = (id: string): AwsCredentialIdentityProvider | undefined | null => {
    if (id === callerAccount) return base;
    if (!opts.assumeRole) return null;
    return assumeRoleCredentials(
      make,
      { account: id, region: home, ...(base && { master: base }) },
      {
        roleArn: roleArn(partition, id, opts.assumeRole),
        ...(opts.externalId && { externalId: opts.externalId }),
        ...(opts.sessionName && { sessionName: opts.sessionName }),
      },
    );
  };

  if (!orgAccounts) {
    if (!wanted || wanted.has(callerAccount)) {
      accounts.push({
        id: callerAccount,
        name: callerAccount,
        status: 'ACTIVE',
        parent: null,
        ouPath: [],
        partition,
        ...(base && { credentials: base }),
      });
    }
    for (const id of wanted ?? []) {
      if (id === callerAccount) continue;
      if (!opts.assumeRole) skipped.push({ id, name: id, reason: 'not the caller account and no --assume-role given' });
      else {
        const credentials = credsFor(id) ?? undefined;
        accounts.push({ id, name: id, status: 'ACTIVE', parent: null, ouPath: [], partition, ...(credentials && { credentials }) });
      }
    }
  } else {
    const seen = new Set<string>();
    for (const a of orgAccounts) {
      const id = a.Id ?? '';
      if (!id || (wanted && !wanted.has(id))) continue;
      seen.add(id);
      const name = a.Name ?? id;
      const status = String(a.State ?? a.Status ?? 'ACTIVE');
      if (status !== 'ACTIVE') {
        skipped.push({ id, name, reason: `account status ${status}` });
        continue;
      }
      const creds = credsFor(id);
      if (creds === null) {
        skipped.push({ id, name, reason: 'member account and no --assume-role given' });
        continue;
      }
      const parent = tree?.parentOf.get(id) ?? null;
      accounts.push({
        id,
        name,
        ...(a.Email && { email: a.Email }),
        status,
        parent,
        ouPath: tree ? ouPath(tree, parent ?? undefined) : [],
        partition,
        ...(creds && { credentials: creds }),
      });
    }
    for (const id of wanted ?? []) if (!seen.has(id)) skipped.push({ id, name: id, reason: 'not a member of the organisation' });
  }
  const organizationAccount = !inOrganization
    ? null
    : orgAccounts || !managementAccount || !accounts.some((a) => a.id === managementAccount)
      ? callerAccount
      : managementAccount;
  return {
    caller: { account: callerAccount, arn: callerArn, partition },
    source: orgAccounts ? 'organizations' : 'caller',
    ...(managementAccount && { managementAccount }),
    organizationAccount,
    ...(tree && { organization: { ...(tree.rootId && { rootId: tree.rootId }), ous: tree.ous } }),
    accounts,
    skipped,
    problems,
    ...(orgAccounts && {
      deferredTags: () =>
        accountTags(
          org,
          accounts.map((a) => a.id),
        ),
    }),
  };
}

/**
 * The regions an account can use (`DescribeRegions` returns only enabled ones by default),
 * intersected with the requested list. A requested region the account has not enabled is reported
 * as a `region-disabled` problem, not silently dropped.
 */
export async function discoverRegions(
  make: ClientMaker,
  account: AwsAccountTarget,
  requested: readonly string[] | 'all' | undefined,
  region: string = homeRegion(account.partition),
): Promise<{ regions: string[]; problems: DiscoveryProblem[] }> {
  const problems: DiscoveryProblem[] = [];
  let enabled: string[] | undefined;
  try {
    const ec2 = make(EC2Client, { account: account.id, region, ...(account.credentials && { credentials: account.credentials }) });
    const r = await ec2.send(new DescribeRegionsCommand({}));
    enabled = (r.Regions ?? [])
      .filter((x) => x.OptInStatus === undefined || x.OptInStatus !== 'not-opted-in')
      .map((x) => x.RegionName ?? '')
      .filter(Boolean)
      .sort();
  } catch (err) {
    problems.push({ account: account.id, region, service: 'ec2', operation: 'DescribeRegions', kind: classifyAwsError(err), message: describeAwsError(err) });
  }
  if (requested === undefined || requested === 'all') {
    // Without DescribeRegions we cannot know; the home region at least is always enabled.
    return { regions: enabled?.length ? enabled : [region], problems };
  }
  if (!enabled) return { regions: [...requested], problems };
  const on = new Set(enabled);
  const regions: string[] = [];
  for (const r of requested) {
    if (on.has(r)) regions.push(r);
    else
      problems.push({
        account: account.id,
        region: r,
        service: 'ec2',
        operation: 'DescribeRegions',
        kind: 'region-disabled',
        message: `region ${r} is not enabled for account ${account.id}`,
      });
  }
  return { regions, problems };
}

/** `--regions us-east-1,eu-west-1|all` → a list or 'all'. */
export function parseRegions(text: string | undefined): string[] | 'all' | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text.trim() === 'all') return 'all';
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
