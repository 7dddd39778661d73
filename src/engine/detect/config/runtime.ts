import { dirname, resolve } from 'node:path';
import type { SkywatchConfig } from '../../../core/config.js';
import type { CheckUnit } from '../../../core/units/check.js';
import type { RuleInfo } from '../../export/common.js';
import { loadUnits } from '../../units.js';
import type { Logger } from 'pino';
import type { Store } from '../../../store/index.js';
import { type RunChecksResult, runChecks } from './engine.js';
import { formatProblem, loadPolicyDir, type PolicyProblem } from './policies.js';
import { loadSuppressions } from './suppressions.js';

export interface RuntimeChecks {
  /** The library's checks and the custom policies, as one list of checks. */
  checks: CheckUnit[];
  /** Policy files that did not load (each names file, line and field); the good ones are kept. */
  problems: PolicyProblem[];
}

/** Every check a run can use: the generated registry plus the custom policies in `checks.policies`. */
export function runtimeChecks(config: SkywatchConfig, configFile: string): RuntimeChecks {
  const library = loadUnits().checks;
  const dir = config.checks?.policies;
  if (!dir) return { checks: [...library], problems: [] };
  const loaded = loadPolicyDir(resolve(dirname(configFile), dir), new Set(library.map((c) => c.id)));
  return { checks: [...library, ...loaded.checks], problems: loaded.problems };
}

/** Rule metadata for exporters, from the checks' own fields. */
export function ruleInfoOf(checks: readonly CheckUnit[]): (ruleId: string) => RuleInfo | undefined {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return (id) => {
    const c = byId.get(id);
    return c && { title: c.title, ...(c.description && { description: c.description }), risk: c.risk, remediation: c.remediation.text };
  };
}

/**
 * A run the way skywatch.yaml configures it (enabled checks, params, custom policies, suppressions):
 * what a scan calls after collection, and what event-driven refresh calls with `resourceIds`.
 */
export async function runConfiguredChecks(
  store: Store,
  opts: {
    config: SkywatchConfig;
    configFile: string;
    resourceIds?: readonly string[];
    accounts?: readonly string[];
    now?: Date;
    batchSize?: number;
    log?: Logger;
  },
): Promise<RunChecksResult & { policyProblems: PolicyProblem[] }> {
  const { checks, problems } = runtimeChecks(opts.config, opts.configFile);
  for (const p of problems) opts.log?.warn({ file: p.file, line: p.line, field: p.field }, `policy skipped: ${formatProblem(p)}`);
  const r = await runChecks(store, {
    checks,
    ...(opts.config.checks && { config: opts.config.checks }),
    suppressions: await loadSuppressions(store, opts.config),
    ...(opts.resourceIds && { resourceIds: opts.resourceIds }),
    ...(opts.accounts && { accounts: opts.accounts }),
    ...(opts.now && { now: opts.now }),
    ...(opts.batchSize && { batchSize: opts.batchSize }),
    ...(opts.log && { log: opts.log }),
  });
  return { ...r, policyProblems: problems };
}
