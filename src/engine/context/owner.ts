import type { ContactsConfig, TeamsConfig } from '../../core/response-config.js';
import type { ResourceRecord } from '../../core/resource.js';
import type { Store } from '../../store/index.js';

/** A change to a resource by someone: from resource_changes, ingested CloudTrail, or LookupEvents. */
export interface ChangeEvent {
  resourceId: string;
  actor: string;
  at: string;
  /** CloudTrail event name when known (AuthorizeSecurityGroupIngress), else the change kind. */
  action: string;
  eventId?: string;
  kind: 'create' | 'modify' | 'delete';
}

/** Where attribution reads who changed what. The default reads resource_changes; CloudTrail LookupEvents plugs in the same way. */
export interface AuditTrail {
  changes(resourceId: string): Promise<ChangeEvent[]>;
}

export interface Owner {
  /** The person (or team, when no person is known) responsible. */
  name: string;
  identity?: string;
  email?: string;
  slack?: string;
  jira?: string;
  team?: string;
  /** In words: which event, when — or which tag or mapping. */
  why: string;
  source: 'last-modifier' | 'creator' | 'owner-tag' | 'team-tag' | 'account-team';
}

export function storeAuditTrail(store: Store): AuditTrail {
  return {
    async changes(resourceId) {
      const rows = await store.resources.changes({ resourceId, limit: 200 });
      return rows
        .filter((r) => r.actor)
        .map((r) => {
          const diff = r.diff as unknown as { path?: string }[] | { auditEvent?: string };
          const fields = Array.isArray(diff) ? diff.map((d) => d.path).filter(Boolean) : [];
          // Changes learnt from the audit trail name the API call instead of fields.
          const auditEvent = !Array.isArray(diff) && typeof diff?.auditEvent === 'string' ? diff.auditEvent : undefined;
          return {
            resourceId,
            actor: r.actor as string,
            at: r.at,
            action: auditEvent
              ? `called ${auditEvent}`
              : r.kind === 'modify' && fields.length
                ? `changed ${fields.slice(0, 2).join(', ')}`
                : r.kind === 'create'
                  ? 'created it'
                  : r.kind,
            ...(r.eventId && { eventId: r.eventId }),
            kind: r.kind,
          };
        });
    },
  };
}

/** Several trails, newest first, without duplicate events. */
export function combinedTrail(...trails: AuditTrail[]): AuditTrail {
  return {
    async changes(id) {
      const all = (await Promise.all(trails.map((t) => t.changes(id).catch(() => [])))).flat();
      const seen = new Set<string>();
      return all
        .filter((e) => {
          const k = e.eventId ?? `${e.actor}\u0000${e.at}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        })
        .sort((a, b) => (a.at < b.at ? 1 : -1));
    },
  };
}

/**
 * CloudTrail LookupEvents for the last 90 days, on demand (one call per resource, so only for the
 * alerts being attributed). `lookup` is the SDK call, injected: the caller builds the client with
 * the account's credentials.
 */
export function lookupEventsTrail(
  lookup: (input: { LookupAttributes: { AttributeKey: 'ResourceName'; AttributeValue: string }[]; StartTime: Date; MaxResults: number }) => Promise<{
    Events?: { EventId?: string; EventName?: string; EventTime?: Date; Username?: string; CloudTrailEvent?: string; ReadOnly?: string }[];
  }>,
  now = () => new Date(),
): AuditTrail {
  return {
    async changes(resourceId) {
      const name = resourceId.includes('/') ? (resourceId.split('/').pop() as string) : (resourceId.split(':').pop() as string);
      const out = await lookup({
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }],
        StartTime: new Date(now().getTime() - 90 * 86_400_000),
        MaxResults: 50,
      });
      return (out.Events ?? [])
        .filter((e) => e.ReadOnly !== 'true' && e.EventTime)
        .map((e) => {
          let actor = e.Username ?? 'unknown';
          try {
            const ev = JSON.parse(e.CloudTrailEvent ?? '{}') as { userIdentity?: { arn?: string } };
            actor = ev.userIdentity?.arn ?? actor;
          } catch {}
          const name = e.EventName ?? 'event';
          return {
            resourceId,
            actor,
            at: (e.EventTime as Date).toISOString(),
            action: name,
            ...(e.EventId && { eventId: e.EventId }),
            kind: /^(Create|Run|Put)/.test(name) ? ('create' as const) : /^Delete|^Terminate/.test(name) ? ('delete' as const) : ('modify' as const),
          };
        });
    },
  };
}

/** `arn:aws:iam::1:user/bob` → bob; `arn:aws:sts::1:assumed-role/Admin/carol@acme.example` → carol@acme.example. */
export function identityName(actor: string): string {
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(actor);
  if (assumed?.[1]) return assumed[1];
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(actor);
  if (user?.[1]) return user[1];
  if (/:root$/.test(actor)) return 'root';
  return actor;
}

/** Automation is not an owner: the person behind a pipeline is found from tags or the team instead. */
const MACHINE = /(^|[-_.])(bot|ci|cd|pipeline|terraform|cloudformation|automation|service)([-_.]|$)|^AWSService|amazonaws\.com$/i;

function contactFor(actor: string, contacts: ContactsConfig) {
  const name = identityName(actor);
  return contacts[actor] ?? contacts[name] ?? Object.values(contacts).find((c) => c.email && c.email === name);
}

export interface AttributionInput {
  resources: readonly ResourceRecord[];
  trail: AuditTrail;
  contacts?: ContactsConfig;
  teams?: TeamsConfig;
  /** Account id → team, from the accounts table (Organizations OU mapping) or config. */
  accountTeam?: (account: string) => string | undefined;
  /** The id of the resource the alert is about (one of `resources`): its own owner or team tag outranks its neighbours' tags. */
  anchor?: string;
}

/**
 * The owner of an alert: the person who last changed one of its resources (the one who can undo
 * it), else its creator, else the anchor's own owner or team tag, else an owner tag, else the
 * owning team (team tag, then account/OU mapping). Automation identities are skipped as people.
 */
export async function attribute(input: AttributionInput): Promise<Owner | undefined> {
  const contacts = input.contacts ?? {};
  const teamTag = (r: ResourceRecord): string | undefined => Object.entries(r.tags ?? {}).find(([k]) => /^team$/i.test(k))?.[1];
  const accountTeamOf = (r: ResourceRecord): string | undefined => {
    for (const [team, t] of Object.entries(input.teams ?? {})) if (t.accounts?.includes(r.account)) return team;
    return input.accountTeam?.(r.account);
  };
  const teamOf = (r: ResourceRecord): string | undefined => teamTag(r) ?? accountTeamOf(r);
  const person = (actor: string, r: ResourceRecord, why: string, source: Owner['source']): Owner => {
    const c = contactFor(actor, contacts);
    const team = c?.team ?? teamOf(r);
    return {
      name: c?.name ?? identityName(actor),
      identity: actor,
      ...(c?.email && { email: c.email }),
      ...(c?.slack && { slack: c.slack }),
      ...(c?.jira && { jira: c.jira }),
      ...(team && { team }),
      why,
      source,
    };
  };
  for (const r of input.resources) {
    const events = (await input.trail.changes(r.id)).filter((e) => !MACHINE.test(identityName(e.actor)));
    const last = events.filter((e) => e.kind === 'modify').sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    if (last)
      return person(last.actor, r, `last changed ${r.name} (${last.action}${last.eventId ? `, event ${last.eventId}` : ''}) at ${last.at}`, 'last-modifier');
    const created = events.find((e) => e.kind === 'create');
    if (created) return person(created.actor, r, `created ${r.name}${created.eventId ? ` (event ${created.eventId})` : ''} at ${created.at}`, 'creator');
  }
  const ownerTag = (r: ResourceRecord): Owner | undefined => {
    const tag = Object.entries(r.tags ?? {}).find(([k]) => /^(owner|created-?by|contact)$/i.test(k));
    return tag ? person(tag[1], r, `${r.name} is tagged ${tag[0]}=${tag[1]}`, 'owner-tag') : undefined;
  };
  const owningTeam = (r: ResourceRecord, accountToo: boolean): Owner | undefined => {
    const tagged = teamTag(r);
    const team = tagged ?? (accountToo ? accountTeamOf(r) : undefined);
    if (!team) return undefined;
    return {
      name: team,
      team,
      why: tagged ? `${r.name} is tagged team=${team}` : `account ${r.account} belongs to team ${team}`,
      source: tagged ? 'team-tag' : 'account-team',
    };
  };
  // The alert's own resource speaks for itself before its neighbours' tags: a host that shares a
  // security group with another is not owned by that host's owner.
  const anchor = input.anchor === undefined ? undefined : input.resources.find((r) => r.id === input.anchor);
  const own = anchor && (ownerTag(anchor) ?? owningTeam(anchor, false));
  if (own) return own;
  for (const r of input.resources) {
    const o = ownerTag(r);
    if (o) return o;
  }
  for (const r of input.resources) {
    const o = owningTeam(r, true);
    if (o) return o;
  }
  return undefined;
}
