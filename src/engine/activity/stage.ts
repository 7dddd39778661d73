import { join } from 'node:path';
import { compareFindings } from '../../core/order.js';
import { SEVERITIES } from '../../core/severity.js';
import type { Stage } from '../pipeline.js';
import { loadDetectors } from '../detector-units.js';
import { ingestCloudTrail } from './ingest.js';
import { type IntelLookup, NO_INTEL } from '../../core/intel.js';
import { openGeo } from '../intel/geo.js';

/**
 * Demo stage `activity`: ingests the demo organisation's CloudTrail (`demo/cloudtrail`, generated
 * by scripts/gen-demo-cloudtrail.ts). The demo week is short, so identities learn for 5 days
 * instead of the default 7 before behaviour alerts can fire.
 */
export const activityStage: Stage = {
  id: 'activity',
  title: 'Suspicious activity (CloudTrail)',
  async run({ store, demoDir, facts, log }) {
    const s = await ingestCloudTrail({
      target: { kind: 'local', path: join(demoDir, 'cloudtrail') },
      store,
      // The network stage loaded the feeds; country and ASN come from the bundled CC0 databases.
      deps: { intel: (facts.get('intel') as IntelLookup | undefined) ?? NO_INTEL, geo: openGeo() },
      detectors: loadDetectors(),
      baselines: { enabled: true, learningMs: 5 * 86_400_000, threshold: 50 },
      log,
    });
    facts.set('activity.summary', s);
    const top = await store.findings.list({ source: 'activity' }, { limit: 200 });
    const bySev = SEVERITIES.filter((v) => s.findings.bySeverity[v]).map((v) => `${s.findings.bySeverity[v]} ${v}`);
    const headline = top.items
      .sort(compareFindings)
      .filter((f) => f.severity === 'critical' || f.severity === 'high')
      .slice(0, 8)
      .map((f) => `${f.severity.padEnd(8)} ${f.title}`);
    return {
      summary: [
        `${s.events} CloudTrail events in ${s.objects} files, ${s.badRecords} bad records, ${s.identities} identities baselined`,
        `${s.findings.created} activity findings: ${bySev.join(', ') || 'none'}`,
        ...headline,
      ],
    };
  },
};
