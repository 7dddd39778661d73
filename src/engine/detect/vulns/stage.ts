import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type IntelLookup, NO_INTEL } from '../../../core/intel.js';
import { storeContextSources } from '../../context/store-sources.js';
import type { Stage } from '../../pipeline.js';
import { NO_OBSERVED_PORTS, type ObservedPorts, runApps } from '../../context/apps/index.js';
import { explainExposure, runExposure } from '../../context/exposure/index.js';
import { ingestVulnFiles, rematchUnmatched } from './ingest.js';
import { ensureKev } from './kev.js';
import { rankVulnerabilities } from './risk.js';

/**
 * Demo stage: ingests the demo's scanner outputs (demo/vulns/), analyses exposure and applications
 * over whatever inventory earlier stages stored, and prints the ranked top list. A network stage
 * that knows flow-observed listening ports shares them as the fact `network.observedPorts`
 * (an `ObservedPorts`); without it, profiling uses the other evidence.
 */
export const vulnerabilitiesStage: Stage = {
  id: 'vulnerabilities',
  title: 'Vulnerable and exposed hosts',
  async run({ store, demoDir, facts }) {
    const summary: string[] = [];
    const kev = await ensureKev(store);
    const dir = join(demoDir, 'vulns');
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(dir, f))
      : [];
    const now = '2026-11-20T12:00:00.000Z';
    const rematched = await rematchUnmatched(store, now);
    const ing = await ingestVulnFiles(store, files, { now });
    const inventory = await store.resources.count();
    summary.push(`KEV catalogue ${kev.version}: ${kev.n} known-exploited CVEs`);
    if (rematched) summary.push(`${rematched} earlier unmatched reports now match the inventory`);
    summary.push(
      `${ing.reports} scanner reports, ${ing.vulnerabilities} vulnerabilities: ${ing.matched} matched to inventory, ${ing.unmatched} unmatched; ${ing.openedFindings} findings opened`,
    );
    const exposures = await runExposure(store, now);
    const observed = (facts.get('network.observedPorts') as ObservedPorts | undefined) ?? NO_OBSERVED_PORTS;
    const apps = await runApps(store, { observedPorts: observed, now });
    summary.push(
      `exposure: ${exposures.filter((e) => e.internet).length} of ${exposures.length} analysed resources reachable from the internet; ${apps.length} applications profiled`,
    );
    if (inventory === 0) summary.push('inventory is empty (no discovery stage ran): reports stay unmatched, ranking uses severity, CVSS and KEV only');
    // Alerts judge findings with what this stage computed: stored exposure paths and application profiles.
    facts.set('context.sources', storeContextSources(store, (facts.get('intel') as IntelLookup | undefined) ?? NO_INTEL));
    const ranked = await rankVulnerabilities(store);
    facts.set('vulnerabilities.ranked', ranked);
    summary.push('top vulnerability risks:');
    for (const r of ranked.slice(0, 5))
      summary.push(`  ${String(r.risk).padStart(3)}  ${r.vulnId.padEnd(15)} ${r.resourceName}${r.kev ? '  [KEV]' : ''}${r.internet ? '  [internet]' : ''}`);
    const top = ranked[0];
    if (top) {
      summary.push(`why #1: ${top.factors.join('; ')}`);
      const e = top.resourceId ? await store.exposures.get(top.resourceId) : undefined;
      if (e) summary.push(...explainExposure(e).trimEnd().split('\n'));
    }
    return { summary };
  },
};
