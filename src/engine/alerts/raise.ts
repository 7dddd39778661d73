import type { SkywatchConfig } from '../../core/config.js';
import { parseDuration } from '../../core/config.js';
import type { Finding } from '../../core/finding.js';
import { stableKey } from '../../core/ids.js';
import { type IntelLookup, NO_INTEL } from '../../core/intel.js';
import { byText, compareFindings } from '../../core/order.js';
import type { GraphView, ResourceRecord } from '../../core/resource.js';
import { type Severity, maxSeverity, severityRank } from '../../core/severity.js';
import type { Alert, Store } from '../../store/index.js';
import { COMBINATIONS, findCombinations } from '../context/combinations.js';
import { type Factor, factorsFor, scoreOf, scopeOf, severityFromScore } from '../context/factors.js';
import { type ContextIndex, buildContextIndex } from '../context/index.js';
import { type AuditTrail, type Owner, attribute, storeAuditTrail } from '../context/owner.js';
import { type ContextSources, inventoryContextSources, loadNeighbourhood } from '../context/sources.js';
import { type FindingGroup, groupFindings } from './group.js';
import { dueAt } from './sla.js';

export interface RaiseOptions {
  now?: Date;
  /** Who the changes are recorded as in alert history (`skywatch` for the pipeline). */
  actor?: string;
  config?: Pick<SkywatchConfig, 'alerts' | 'contacts' | 'teams' | 'routing'>;
  /** The real context sources (exposure, applications, vulnerabilities, intel); default: inventory only. */
  sources?: (graph: GraphView, findings: readonly Finding[]) => ContextSources;
  intel?: IntelLookup;
  /** Who changed what; default resource_changes (add CloudTrail LookupEvents with combinedTrail). */
  trail?: AuditTrail;
}

/** What one run changed: the scan-to-scan diff, and what routing delivers. */
export interface RaiseResult {
  at: string;
  opened: Alert[];
  reopened: Alert[];
  /** Severity, score, factors, owner or findings changed. */
  updated: Alert[];
  resolved: Alert[];
  unchanged: number;
}

export interface AlertData {
  kind: FindingGroup['kind'];
  anchorId: string | null;
  resources: { id: string; type: string; account: string; region: string; name: string }[];
  ruleIds: string[];
  factorDetail: Factor[];
  combination?: { ruleId: string; title: string };
  ownerDetail?: Owner;
  suppression?: { reason: string; until: string | null; by: string; at: string };
  escalatedAt?: string;
  resolution?: string;
  /** When this alert was opened (or last reopened): the digest's "new". */
  openedAt?: string;
}

async function allFindings(store: Store, status: 'open' | 'suppressed'): Promise<Finding[]> {
  const out: Finding[] = [];
  let after: string | undefined;
  do {
    const page = await store.findings.list({ status }, { limit: 1000, ...(after && { after }) });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}

function assess(group: FindingGroup, ix: ContextIndex): { riskScore: number; severity: Severity; factors: Factor[] } {
  const factors: Factor[] = [];
  if (group.combination) for (const t of group.combination.factors) factors.push({ text: t, points: 0, kind: 'combination' });
  const context = factorsFor(group.findings, ix);
  // A combination's own words already say what the rule, intel, application, privilege and data
  // factors say; of the context, only what it adds (exposure, vulnerabilities) is shown beside them.
  // The score still sums every context factor.
  const merged = group.combination
    ? [
        ...factors,
        ...context.filter((f) => (f.kind === 'exposure' || f.kind === 'vulnerability' || f.kind === 'mitigating') && !factors.some((c) => c.text === f.text)),
      ]
    : context;
  const riskScore = scoreOf(context);
  let severity = severityFromScore(riskScore);
  if (group.combination) severity = maxSeverity(severity, group.combination.severity);
  return {
    riskScore: group.combination && severityRank(severity) > severityRank(severityFromScore(riskScore)) ? Math.max(riskScore, floorOf(severity)) : riskScore,
    severity,
    factors: merged,
  };
}

/** The least score a severity stands for, so a combination's floor shows in the number too. */
function floorOf(s: Severity): number {
  return { critical: 90, high: 65, medium: 40, low: 15, info: 0 }[s];
}

function sameFacts(a: Alert, b: { severity: Severity; riskScore: number; factors: string[]; owner: string | null }): boolean {
  return a.severity === b.severity && a.riskScore === b.riskScore && a.owner === b.owner && JSON.stringify(a.factors) === JSON.stringify(b.factors);
}

/**
 * Turns the findings table into alerts: groups open findings by root cause, lets toxic
 * combinations absorb the groups they join, scores each in context, names the owner, and
 * reconciles with the stored alerts — open new ones, update changed ones, reopen regressions,
 * resolve those whose findings are all gone. Idempotent: a second run with the same findings
 * changes nothing. The pipeline calls this after detection.
 */
export async function raiseAlerts(store: Store, opts: RaiseOptions = {}): Promise<RaiseResult> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const actor = opts.actor ?? 'skywatch';
  const cfg = opts.config ?? {};
  const windowMs = parseDuration(cfg.alerts?.window ?? '24h');

  // A fixed order, not the store's (same-millisecond ids sort randomly): which combination claims a
  // finding, the order of groups and of their resources (attribution asks them in turn) follow from it.
  const open = (await allFindings(store, 'open')).sort(compareFindings);
  const resourceIds = [...new Set(open.map((f) => f.resourceId).filter((x): x is string => Boolean(x)))];
  const graph = await loadNeighbourhood(store, resourceIds, 2);
  const sources = opts.sources?.(graph, open) ?? inventoryContextSources(graph, open, opts.intel ?? NO_INTEL);
  const candidates = new Map<string, ResourceRecord>();
  for (const id of resourceIds) {
    const r = graph.get(id);
    if (!r) continue;
    candidates.set(r.id, r);
    for (const n of graph.neighbours(id)) candidates.set(n.id, n);
  }
  const ix = await buildContextIndex(graph, open, sources, now, [...candidates.keys()]);

  // Combinations first, most severe first: each finding joins at most one alert.
  const claimed = new Map<string, string>();
  const groups: FindingGroup[] = [];
  // Ties: the order the catalogue lists the rules in, then the anchor.
  const hits = findCombinations(ix, [...candidates.values()]).sort(
    (a, b) =>
      severityRank(b.rule.severity) - severityRank(a.rule.severity) ||
      COMBINATIONS.indexOf(a.rule) - COMBINATIONS.indexOf(b.rule) ||
      byText(a.anchor.id, b.anchor.id),
  );
  for (const h of hits) {
    const mine = h.match.findings.filter((f) => !claimed.has(f.id));
    if (!mine.length) continue;
    const key = stableKey('combination', h.rule.id, h.anchor.id);
    for (const f of mine) claimed.set(f.id, key);
    groups.push({
      key,
      kind: 'combination',
      title: `${h.rule.title}: ${h.anchor.name}`,
      anchorId: h.anchor.id,
      findings: mine,
      combination: { ruleId: h.rule.id, severity: h.rule.severity, factors: h.match.factors },
    });
  }
  groups.push(
    ...groupFindings(
      open.filter((f) => !claimed.has(f.id)),
      { windowMs },
      graph,
    ),
  );

  const existing = new Map((await store.alerts.byKeys(groups.map((g) => g.key))).map((a) => [a.dedupKey, a]));
  const accounts = new Map((await store.accounts.list()).map((a) => [a.id, a]));
  const trail = opts.trail ?? storeAuditTrail(store);
  const result: RaiseResult = { at, opened: [], reopened: [], updated: [], resolved: [], unchanged: 0 };
  const produced = new Set<string>();
  const findingHome = new Map<string, string>();

  for (const g of groups) {
    produced.add(g.key);
    const { riskScore, severity, factors } = assess(g, ix);
    const ids = [...new Set(g.findings.map((f) => f.resourceId).filter((x): x is string => Boolean(x)))];
    if (g.anchorId && !ids.includes(g.anchorId)) ids.unshift(g.anchorId);
    const scope = scopeOf(ids, ix);
    const resources = scope.map((r) => ({ id: r.id, type: r.type, account: r.account, region: r.region, name: r.name }));
    for (const f of g.findings)
      if (f.resourceId && !resources.some((r) => r.id === f.resourceId))
        resources.push({
          id: f.resourceId,
          type: f.resourceType ?? 'unknown',
          account: f.account ?? '',
          region: f.region ?? '',
          name: f.resourceId.split(/[/:]/).pop() ?? f.resourceId,
        });
    // The anchor first: attribution asks who changed the thing the alert is about before its neighbours.
    const anchor = g.anchorId ? ix.resource(g.anchorId) : undefined;
    const ordered = [...(anchor ? [anchor] : []), ...scope.filter((r) => r.id !== anchor?.id)];
    const owner = await attribute({
      resources: ordered,
      ...(anchor && { anchor: anchor.id }),
      trail,
      ...(cfg.contacts && { contacts: cfg.contacts }),
      ...(cfg.teams && { teams: cfg.teams }),
      accountTeam: (a) => accounts.get(a)?.team ?? undefined,
    });
    const data: AlertData = {
      kind: g.kind,
      anchorId: g.anchorId,
      resources,
      ruleIds: [...new Set(g.findings.map((f) => f.ruleId))],
      factorDetail: factors,
      ...(g.combination && { combination: { ruleId: g.combination.ruleId, title: g.title } }),
      ...(owner && { ownerDetail: owner }),
    };
    const firstSeen = g.findings.reduce((m, f) => (f.firstSeen < m ? f.firstSeen : m), g.findings[0]?.firstSeen ?? at);
    const lastSeen = g.findings.reduce((m, f) => (f.lastSeen > m ? f.lastSeen : m), g.findings[0]?.lastSeen ?? at);
    const facts = { severity, riskScore, factors: factors.map((f) => f.text), owner: owner?.name ?? null };
    const old = existing.get(g.key);
    let alert: Alert;
    if (!old) {
      alert = await store.alerts.insert(
        {
          dedupKey: g.key,
          title: g.title,
          ...facts,
          status: 'open',
          assignee: null,
          dueAt: dueAt(severity, at, cfg.alerts),
          firstSeen,
          lastSeen,
          resolvedAt: null,
          data: { ...data, openedAt: at } as unknown as Record<string, unknown>,
        },
        actor,
      );
      result.opened.push(alert);
    } else {
      const prev = old.data as unknown as AlertData;
      const keepData: AlertData = {
        ...data,
        ...(prev.suppression && { suppression: prev.suppression }),
        ...(prev.escalatedAt && { escalatedAt: prev.escalatedAt }),
        ...(prev.openedAt && { openedAt: prev.openedAt }),
      };
      const seenAgain = old.resolvedAt !== null && g.findings.some((f) => f.lastSeen > (old.resolvedAt as string));
      const suppressionOver = old.status === 'suppressed' && prev.suppression?.until && prev.suppression.until <= at;
      if ((old.status === 'resolved' && seenAgain) || suppressionOver) {
        const { suppression: _s, resolution: _r, ...rest } = { ...keepData, openedAt: at };
        alert = (await store.alerts.update(
          old.id,
          {
            ...facts,
            title: g.title,
            status: 'open',
            resolvedAt: null,
            lastSeen,
            dueAt: dueAt(severity, at, cfg.alerts),
            data: rest as unknown as Record<string, unknown>,
          },
          actor,
          suppressionOver
            ? `suppression expired (${prev.suppression?.reason})`
            : `regression: seen again at ${lastSeen} after it was resolved at ${old.resolvedAt}`,
        )) as Alert;
        result.reopened.push(alert);
      } else if (old.status === 'resolved') {
        // Resolved by hand and not seen since: stays resolved until a scan sees it again.
        alert = old;
        result.unchanged++;
      } else {
        const changed = !sameFacts(old, facts);
        const escalate = severityRank(severity) > severityRank(old.severity);
        alert = (await store.alerts.update(
          old.id,
          {
            ...facts,
            title: g.title,
            lastSeen,
            data: keepData as unknown as Record<string, unknown>,
            ...(escalate && { dueAt: minDate(old.dueAt, dueAt(severity, at, cfg.alerts)) }),
          },
          actor,
        )) as Alert;
        if (changed) {
          const what = [
            old.severity !== severity && `severity ${old.severity} → ${severity}`,
            old.riskScore !== riskScore && `risk ${old.riskScore} → ${riskScore}`,
            old.owner !== facts.owner && `owner ${old.owner ?? '-'} → ${facts.owner ?? '-'}`,
            JSON.stringify(old.factors) !== JSON.stringify(facts.factors) && 'factors changed',
          ].filter(Boolean);
          await store.alerts.addHistory({ alertId: old.id, at, actor, action: 'updated', fromStatus: old.status, toStatus: old.status, note: what.join('; ') });
          result.updated.push(alert);
        } else result.unchanged++;
      }
    }
    await store.alerts.linkFindings(
      alert.id,
      g.findings.map((f) => f.id),
    );
    for (const f of g.findings) findingHome.set(f.id, alert.id);
  }

  // A finding that moved into another alert (a combination absorbed it) leaves its old one.
  const producedIds = [...new Set(findingHome.values())];
  for (const l of await store.alerts.linkedFindings(producedIds)) {
    const home = findingHome.get(l.findingId);
    if (home && home !== l.alertId) await store.alerts.unlinkFindings(l.alertId, [l.findingId]);
  }

  // Alerts this run did not produce: their findings are fixed, suppressed, or now part of another alert.
  const active = (await store.alerts.active()).filter((a) => !produced.has(a.dedupKey));
  const links = await store.alerts.linkedFindings(active.map((a) => a.id));
  for (const a of active) {
    const mine = links.filter((l) => l.alertId === a.id);
    const moved = mine.filter((l) => findingHome.has(l.findingId) && findingHome.get(l.findingId) !== a.id);
    if (moved.length)
      await store.alerts.unlinkFindings(
        a.id,
        moved.map((l) => l.findingId),
      );
    if (a.status === 'suppressed') {
      const until = (a.data as unknown as AlertData).suppression?.until;
      if (!until || until > at) continue;
    }
    const stillOpen = mine.filter((l) => l.status === 'open' && !moved.includes(l));
    if (stillOpen.length) continue;
    const note =
      moved.length && moved.length === mine.length
        ? `merged into ${[...new Set(moved.map((l) => findingHome.get(l.findingId)))].join(', ')}`
        : 'all findings resolved';
    const resolved = (await store.alerts.update(a.id, { status: 'resolved', resolvedAt: at, data: { ...a.data, resolution: note } }, actor, note)) as Alert;
    result.resolved.push(resolved);
  }

  await recordRun(store, result);
  return result;
}

function minDate(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

export interface RunSummary {
  at: string;
  opened: string[];
  reopened: string[];
  updated: string[];
  resolved: string[];
  unchanged: number;
}

/** The last runs' diffs, newest first: `skywatch alerts diff` reads them. */
async function recordRun(store: Store, r: RaiseResult): Promise<void> {
  const runs = (await store.checkpoints.get<RunSummary[]>('alerts.runs')) ?? [];
  const ids = (l: Alert[]) => l.map((a) => a.id);
  runs.unshift({ at: r.at, opened: ids(r.opened), reopened: ids(r.reopened), updated: ids(r.updated), resolved: ids(r.resolved), unchanged: r.unchanged });
  await store.checkpoints.set('alerts.runs', runs.slice(0, 50));
}

export async function alertRuns(store: Store): Promise<RunSummary[]> {
  return (await store.checkpoints.get<RunSummary[]>('alerts.runs')) ?? [];
}
