import type { SkywatchConfig, SuppressionRuleConfig } from '../../../core/config.js';
import { stableKey } from '../../../core/ids.js';
import type { Store, SuppressionMatch } from '../../../store/index.js';

/** A suppression from skywatch.yaml (`origin: config`) or the store (`skywatch suppressions add`). */
export interface SuppressionRule {
  id: string;
  origin: 'config' | 'store';
  match: SuppressionMatch;
  reason: string;
  owner: string | null;
  author: string;
  expiresAt: string | null;
}

/** What a rule is matched against: a finding and, for tag rules, its resource's tags. */
export interface SuppressionSubject {
  ruleId: string;
  account: string | null;
  region: string | null;
  resourceId: string | null;
  tags?: Record<string, string>;
}

/** `*` any run of characters, `?` one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const globCache = new Map<string, RegExp>();
function glob(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  let re = globCache.get(pattern);
  if (!re) globCache.set(pattern, (re = globToRegExp(pattern)));
  return re.test(value);
}

/** AND within a rule: every matcher the rule states must hold. A tag value `*` means "has the key". */
export function ruleMatches(m: SuppressionMatch, s: SuppressionSubject): boolean {
  if (m.checkIds && !m.checkIds.some((p) => glob(p, s.ruleId))) return false;
  if (m.accounts && !(s.account && m.accounts.includes(s.account))) return false;
  if (m.regions && !(s.region && m.regions.some((p) => glob(p, s.region as string)))) return false;
  if (m.resourceIds && !(s.resourceId && m.resourceIds.includes(s.resourceId))) return false;
  if (m.arnGlobs && !(s.resourceId && m.arnGlobs.some((p) => glob(p, s.resourceId as string)))) return false;
  if (m.tags) {
    const tags = s.tags ?? {};
    for (const [k, v] of Object.entries(m.tags)) if (!(k in tags) || (v !== '*' && tags[k] !== v)) return false;
  }
  return true;
}

export function isActive(rule: Pick<SuppressionRule, 'expiresAt'>, now: Date): boolean {
  return rule.expiresAt === null || Date.parse(rule.expiresAt) > now.getTime();
}

/** OR across rules: the first active rule that matches, in order (config rules first, then the store's). */
export function findSuppression(rules: readonly SuppressionRule[], s: SuppressionSubject, now: Date): SuppressionRule | undefined {
  return rules.find((r) => isActive(r, now) && ruleMatches(r.match, s));
}

/** A date-only expiry means "until the end of that day" (UTC). */
function expiry(e: string | undefined): string | null {
  if (!e) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(e) ? `${e}T23:59:59.999Z` : new Date(e).toISOString();
}

export function matchOf(r: Omit<SuppressionRuleConfig, 'reason' | 'owner' | 'author' | 'expires'>): SuppressionMatch {
  return {
    ...(r.checkIds && { checkIds: r.checkIds }),
    ...(r.accounts && { accounts: r.accounts }),
    ...(r.regions && { regions: r.regions }),
    ...(r.resourceIds && { resourceIds: r.resourceIds }),
    ...(r.arnGlobs && { arnGlobs: r.arnGlobs }),
    ...(r.tags && { tags: r.tags }),
  };
}

/** Config rules get ids derived from their content, so a finding keeps pointing at the same rule across runs. */
export function rulesFromConfig(config: SkywatchConfig): SuppressionRule[] {
  return (config.suppressions ?? []).map((r) => {
    const match = matchOf(r);
    return {
      id: `cfg_${stableKey(JSON.stringify(match), r.reason).slice(0, 16)}`,
      origin: 'config' as const,
      match,
      reason: r.reason,
      owner: r.owner ?? null,
      author: r.author ?? 'skywatch.yaml',
      expiresAt: expiry(r.expires),
    };
  });
}

/** Every rule, active or not (expired ones are listed so people see what lapsed). */
export async function loadSuppressions(store: Store, config: SkywatchConfig): Promise<SuppressionRule[]> {
  const stored = (await store.suppressions.list()).map((s) => ({
    id: s.id,
    origin: 'store' as const,
    match: s.match,
    reason: s.reason,
    owner: s.owner,
    author: s.author,
    expiresAt: s.expiresAt,
  }));
  return [...rulesFromConfig(config), ...stored];
}

/**
 * Brings every live finding in line with the rules: matched → `suppressed` (kept, visible, with the
 * rule's id); suppressed but no longer matched (rule expired or removed) → `open` again.
 */
export async function applySuppressions(store: Store, rules: readonly SuppressionRule[], now: Date): Promise<{ suppressed: number; reopened: number }> {
  const active = rules.filter((r) => isActive(r, now));
  const needTags = active.some((r) => r.match.tags);
  let suppressed = 0;
  let reopened = 0;
  // With no active rule only suppressed findings can change (they re-open): read just those.
  for await (const rows of store.configQueries.liveFindings(1000, active.length ? ['open', 'suppressed'] : ['suppressed'])) {
    const tags = needTags
      ? await store.configQueries.tagsOf(rows.map((r) => r.resource_id).filter((id): id is string => id !== null))
      : new Map<string, Record<string, string>>();
    const toSuppress = new Map<string, string[]>();
    const toOpen: string[] = [];
    for (const f of rows) {
      const hit = findSuppression(
        active,
        { ruleId: f.rule_id, account: f.account, region: f.region, resourceId: f.resource_id, ...(f.resource_id && { tags: tags.get(f.resource_id) ?? {} }) },
        now,
      );
      if (hit && (f.status !== 'suppressed' || f.suppression_id !== hit.id)) (toSuppress.get(hit.id) ?? toSuppress.set(hit.id, []).get(hit.id))?.push(f.id);
      else if (!hit && f.status === 'suppressed') toOpen.push(f.id);
    }
    for (const [id, ids] of toSuppress) {
      await store.configQueries.setStatus(ids, 'suppressed', id);
      suppressed += ids.length;
    }
    if (toOpen.length) await store.configQueries.setStatus(toOpen, 'open', null);
    reopened += toOpen.length;
  }
  return { suppressed, reopened };
}
