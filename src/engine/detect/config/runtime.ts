import { dirname, resolve } from 'node:path';
import type { SkywatchConfig } from '../../../core/config.js';
import type { CheckUnit } from '../../../core/units/check.js';
import type { RuleInfo } from '../../export/common.js';
import { loadUnits } from '../../units.js';
import { loadPolicyDir, type PolicyProblem } from './policies.js';

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
