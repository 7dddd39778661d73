import type { ResourceRecord } from '../../../core/resource.js';
import type { AccountContext } from '../../../core/units/check.js';
import type { Store } from '../../../store/index.js';

/** The resource types that say a service is enabled organisation-wide (see docs/resource-model.md). */
export const ORG_TYPES = [
  'aws.organizations.account',
  'aws.organizations.delegated-administrator',
  'aws.cloudtrail.trail',
  'aws.guardduty.detector',
  'aws.securityhub.hub',
  'aws.config.recorder',
] as const;

const SERVICE_PRINCIPALS: Record<string, string> = {
  'guardduty.amazonaws.com': 'guardduty',
  'securityhub.amazonaws.com': 'securityhub',
  'config.amazonaws.com': 'config',
  'config-multiaccountsetup.amazonaws.com': 'config',
};

export interface OrgCoverage {
  /** Services covering member accounts: `guardduty` (anywhere) and `guardduty:<region>` (that region). */
  services: ReadonlySet<string>;
  /** Member accounts, or null when the inventory has no Organizations data (then every account counts). */
  members: ReadonlySet<string> | null;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** Which service principals a delegated-administrator record names (tolerates the shapes the APIs return). */
function delegatedServices(r: ResourceRecord): string[] {
  const c = rec(r.config);
  const out: string[] = [];
  if (typeof c.ServicePrincipal === 'string') out.push(c.ServicePrincipal);
  for (const key of ['DelegatedServices', 'services'] as const) {
    const list = c[key];
    if (Array.isArray(list)) for (const s of list) out.push(typeof s === 'string' ? s : String(rec(s).ServicePrincipal ?? ''));
  }
  return out.filter(Boolean);
}

/**
 * Pure: from the organisation's resources, the services enabled for member accounts through a
 * delegated administrator or an organisation trail. A member account whose own region has no
 * detector is then still covered, and checks read `ctx.account.orgEnabled`.
 */
export function orgCoverage(resources: readonly ResourceRecord[]): OrgCoverage {
  const services = new Set<string>();
  const admins = new Map<string, Set<string>>();
  let members: Set<string> | null = null;
  for (const r of resources) {
    if (r.type === 'aws.organizations.account') {
      const id = rec(r.config).Id;
      const status = rec(r.config).Status;
      if (typeof id === 'string' && status !== 'SUSPENDED') (members ??= new Set()).add(id);
    }
    if (r.type === 'aws.organizations.delegated-administrator') {
      const account = typeof rec(r.config).Id === 'string' ? (rec(r.config).Id as string) : r.account;
      for (const p of delegatedServices(r)) {
        const svc = SERVICE_PRINCIPALS[p];
        if (svc) (admins.get(svc) ?? admins.set(svc, new Set()).get(svc))?.add(account);
      }
    }
  }
  // GuardDuty's management-account detector carries `organizationAdmin` (ListOrganizationAdminAccounts):
  // its ENABLED entries are GuardDuty's delegated administrators.
  for (const r of resources) {
    const admin = r.type === 'aws.guardduty.detector' ? rec(r.config).organizationAdmin : undefined;
    if (Array.isArray(admin))
      for (const a of admin)
        if (rec(a).AdminStatus !== 'DISABLE_IN_PROGRESS' && typeof rec(a).AdminAccountId === 'string')
          (admins.get('guardduty') ?? admins.set('guardduty', new Set()).get('guardduty'))?.add(rec(a).AdminAccountId as string);
  }
  const add = (svc: string, region: string) => {
    services.add(svc);
    services.add(`${svc}:${region}`);
  };
  for (const r of resources) {
    const c = rec(r.config);
    if (r.type === 'aws.cloudtrail.trail' && c.IsOrganizationTrail === true && rec(c.status).IsLogging !== false) {
      services.add('cloudtrail');
      services.add(`cloudtrail:${typeof c.HomeRegion === 'string' ? c.HomeRegion : r.region}`);
    }
    if (r.type === 'aws.guardduty.detector' && c.Status !== 'DISABLED' && (c.organizationAdmin === true || admins.get('guardduty')?.has(r.account)))
      add('guardduty', r.region);
    if (r.type === 'aws.securityhub.hub' && admins.get('securityhub')?.has(r.account)) add('securityhub', r.region);
    if (r.type === 'aws.config.recorder' && admins.get('config')?.has(r.account) && rec(c.status).recording !== false) add('config', r.region);
  }
  return { services, members };
}

/** The AccountContext checks receive: member accounts of the organisation share its coverage. */
export function accountContext(coverage: OrgCoverage, account: string): AccountContext {
  const member = coverage.members === null || coverage.members.has(account);
  return { id: account, orgEnabled: member ? coverage.services : new Set() };
}

/** The config fields `orgCoverage` reads; everything else of an organisation resource is dropped at load. */
const ORG_FIELDS = ['Id', 'Status', 'ServicePrincipal', 'DelegatedServices', 'services', 'organizationAdmin', 'IsOrganizationTrail', 'HomeRegion', 'status'];

/**
 * What `orgCoverage` needs of a resource, or null when it cannot contribute (a trail that is not an
 * organisation trail). Pure. A large inventory has tens of thousands of trails, detectors, hubs and
 * recorders; holding them whole while loading was most of a check run's memory growth with its size.
 */
export function orgFacts(r: ResourceRecord): ResourceRecord | null {
  const c = rec(r.config);
  if (r.type === 'aws.cloudtrail.trail' && c.IsOrganizationTrail !== true) return null;
  const config: Record<string, unknown> = {};
  for (const k of ORG_FIELDS)
    if (c[k] !== undefined) config[k] = k === 'status' ? { IsLogging: rec(c.status).IsLogging, recording: rec(c.status).recording } : c[k];
  return { id: r.id, type: r.type, provider: r.provider, account: r.account, region: r.region, name: '', tags: {}, config };
}

/** Reads the organisation's resources from the store, a batch at a time, keeping only what coverage needs. */
export async function loadOrgCoverage(store: Store): Promise<OrgCoverage> {
  const resources: ResourceRecord[] = [];
  for (const type of ORG_TYPES)
    for await (const batch of store.resources.stream({ type }))
      for (const r of batch) {
        const facts = orgFacts(r);
        if (facts) resources.push(facts);
      }
  return orgCoverage(resources);
}
