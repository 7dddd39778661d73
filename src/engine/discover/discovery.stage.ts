import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO } from '../../demo/story.js';
import type { Stage } from '../pipeline.js';
import { runDiscovery } from './run.js';

/** The recorded organisation's folder under the demo directory, and the role its replay names. */
export const DEMO_AWS_SUBDIR = 'aws-org';

/**
 * Demo stage: replays `demo/aws-org` (the recorded organisation) through the real collectors into
 * the inventory, exactly as `skywatch scan aws --replay demo/aws-org` would. Later stages read the
 * inventory it fills; the scan summary is left in `facts` under `discovery.scan`.
 */
export const discoveryStage: Stage = {
  id: 'discovery',
  title: 'Discovery (recorded AWS organisation, replayed through the collectors)',
  async run({ store, log, demoDir, facts }) {
    const dir = join(demoDir, DEMO_AWS_SUBDIR);
    if (!existsSync(dir)) return { summary: [`${dir} is missing: run \`npm run gen:demo\``] };
    const s = await runDiscovery({ store, log, replay: dir, regions: 'all', now: () => new Date(DEMO.now) });
    facts.set('discovery.scan', s);
    const types = Object.entries(s.resources.byType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const lines = [
      `${s.resources.total} resources of ${types.length} types in ${s.accounts.length} accounts × ${new Set(s.accounts.flatMap((a) => a.regions)).size} regions (${s.api.calls} API calls replayed, no network)`,
      `by type: ${types.map(([t, n]) => `${t.replace(/^aws\./, '')} ${n}`).join(', ') || 'none (no collectors registered)'}`,
      ...s.skippedAccounts.map((a) => `skipped account ${a.id} (${a.name}): ${a.reason}`),
    ];
    if (s.gaps.length) {
      lines.push(`${s.gaps.length} coverage gap(s), recorded and shown by \`skywatch coverage\`:`);
      for (const g of s.gaps.slice(0, 6)) lines.push(`  ${g.account} ${g.region} ${g.service}:${g.operation} ${g.kind}`);
      if (s.gaps.length > 6) lines.push(`  … and ${s.gaps.length - 6} more`);
    } else lines.push('no coverage gaps');
    return { summary: lines };
  },
};
