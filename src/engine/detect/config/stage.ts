import { CATALOGUES } from '../../../compliance/index.js';
import { SEVERITIES } from '../../../core/severity.js';
import { compareFindings } from '../../../core/order.js';
import type { CheckUnit } from '../../../core/units/check.js';
import { DEMO } from '../../../demo/story.js';
import type { Stage } from '../../pipeline.js';
import { loadUnits } from '../../units.js';
import { complianceReport } from './compliance.js';
import type { FindingsDiff } from './diff.js';
import { runChecks } from './engine.js';

/** One line for a scan summary: what changed since the previous full run. */
export function diffLine(d: FindingsDiff): string {
  const since = d.from ? `since run ${d.from.id}` : 'first run';
  return `changes ${since}: ${d.new.length} new, ${d.resolved.length} resolved, ${d.regressed.length} regressed, ${d.unchanged.length} unchanged`;
}

/**
 * The demo's `checks` stage: every check over the demo inventory at the demo's clock, then findings
 * by severity, the worst ones, and a compliance summary per framework.
 */
export function checksStage(getChecks: () => readonly CheckUnit[] = () => loadUnits().checks): Stage {
  return {
    id: 'checks',
    title: 'Risky configurations',
    async run({ store, log, facts }) {
      const checks = getChecks();
      const r = await runChecks(store, { checks, now: new Date(DEMO.now), log });
      facts.set('checks.run', r);
      if (r.resources === 0) return { summary: [`${checks.length} checks; no inventory to check yet (discovery loads the demo organisation)`] };
      const lines = [
        `${checks.length} checks over ${r.resources} resources: ${r.evaluations} evaluations — ${r.counts.pass} pass, ${r.counts.fail} fail, ${r.counts.error} error, ${r.counts['not-applicable']} not applicable`,
      ];
      const reasons = Object.entries(r.errorReasons);
      if (reasons.length) lines.push(`errors, never counted as fails: ${reasons.map(([k, n]) => `${k} ${n}`).join(', ')}`);
      const counts = (await store.findings.counts()).filter((c) => c.source === 'config' && c.status !== 'resolved');
      const bySev = SEVERITIES.map((s) => `${s} ${counts.filter((c) => c.severity === s).reduce((a, c) => a + c.n, 0)}`);
      lines.push(`open or suppressed config findings by severity: ${bySev.join(', ')}`);
      const worst = (await store.findings.list({ source: 'config', status: 'open' }, { limit: 1000 })).items.sort(compareFindings).slice(0, 10);
      for (const f of worst) lines.push(`  [${f.severity}] ${f.title} — ${f.resourceId} (${f.account})`);
      for (const cat of CATALOGUES) {
        const rep = await complianceReport(store, cat, checks);
        lines.push(`${cat.id}: ${rep.summary.pass} pass, ${rep.summary.fail} fail, ${rep.summary.manual} manual of ${rep.summary.controls} controls`);
      }
      if (r.diff) lines.push(diffLine(r.diff));
      return { summary: lines };
    },
  };
}
