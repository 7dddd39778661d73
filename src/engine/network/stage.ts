import { join } from 'node:path';
import { compareFindings } from '../../core/order.js';
import { DEMO } from '../../demo/story.js';
import type { Stage } from '../pipeline.js';
import { openGeo } from '../intel/geo.js';
import { defineFeed, loadIntel } from '../intel/store.js';
import { buildAttributionIndex, observedListeningPorts } from './attribution.js';
import { ingestDnsLogs, ingestFlowLogs } from './ingest.js';

/**
 * The demo's network stage: load the bundled intel excerpts, attribute the demo organisation's flow
 * and DNS logs to its inventory (or to the instances the v5 records name), and detect.
 */
export const networkStage: Stage = {
  id: 'network',
  title: 'Network: flow and DNS logs, threat intelligence',
  async run({ store, log, demoDir, facts }) {
    const intelDir = join(demoDir, 'intel');
    await defineFeed(store, { name: 'demo-ipsum', format: 'ipsum', file: join(intelDir, 'ipsum-excerpt.txt'), options: { minLevel: 3 } }, 'config');
    await defineFeed(store, { name: 'demo-tor-exits', format: 'tor', file: join(intelDir, 'tor-exits-excerpt.txt'), options: {} }, 'config');
    await defineFeed(
      store,
      { name: 'demo-nocoin', format: 'domains', file: join(intelDir, 'nocoin-hosts-excerpt.txt'), options: { category: 'mining' } },
      'config',
    );
    // The demo's clock, for matching and for the feeds' first/last-seen times (recorded in every
    // intel finding's evidence): the wall clock made each run's findings differ.
    const at = new Date(DEMO.now);
    const intel = await loadIntel(store, {}, { at, now: () => at });
    const index = await buildAttributionIndex(store);
    const geo = openGeo();
    const flows = await ingestFlowLogs([join(demoDir, 'network/flow-logs')], { store, intel, index, geo, log, checkpoint: false });
    const dns = await ingestDnsLogs([join(demoDir, 'network/resolver-logs')], { store, intel, index, log, checkpoint: false });
    geo.close();
    const findings = (await store.findings.list({ source: 'network' }, { limit: 500 })).items;
    facts.set('network.findings', findings.length);
    // Later stages (context, alerts) judge peers against the same feeds.
    facts.set('intel', intel);
    // Application profiling reads the ports each resource was seen listening on.
    facts.set('network.observedPorts', { listening: (id: string) => observedListeningPorts(store, id) });
    return {
      summary: [
        `threat intel: ${intel.size} indicators from ${intel.stats().feeds} feeds (ipsum, Tor exits, NoCoin excerpts)`,
        `flow logs: ${flows.records} records from ${flows.objects} files (${flows.errors} unreadable), ${flows.portsObserved} resource ports observed`,
        `DNS logs: ${dns.records} queries from ${dns.objects} files`,
        `${findings.length} network findings:`,
        ...findings
          .sort(compareFindings)
          .slice(0, 12)
          .map((f) => `  ${f.severity.padEnd(8)} ${f.title} — ${f.resourceId ?? 'no resource'}`),
      ],
    };
  },
};
