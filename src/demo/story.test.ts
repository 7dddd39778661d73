import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../engine/detect/config/engine.js';
import { runDiscovery } from '../engine/discover/run.js';
import { loadUnits } from '../engine/units.js';
import { openStore } from '../store/index.js';
import { DEMO } from './story.js';

const RECORDING = resolve(import.meta.dirname, '../../demo/aws-org');

// The checked-in recording, replayed through the registered collectors and checks as the demo does:
// a planted risk of the story must come out as the finding the story promises, and nothing else.
describe('the recorded demo organisation, through the real collectors and checks', () => {
  it('fails the analytics cluster on TLS only: its cluster parameter group leaves rds.force_ssl at Aurora’s default 0', async () => {
    const C = DEMO.analyticsCluster;
    const store = await openStore({ sqliteFile: ':memory:' });
    try {
      const { collectors, checks } = loadUnits();
      await runDiscovery({ store, replay: RECORDING, collectors, regions: 'all', now: () => new Date(DEMO.now) });
      await runChecks(store, { checks, now: new Date(DEMO.now) });
      const cluster = `arn:aws:rds:${C.region}:${C.account}:cluster:${C.clusterId}`;
      const writer = `arn:aws:rds:${C.region}:${C.account}:db:${C.writerId}`;
      const group = `arn:aws:rds:${C.region}:${C.account}:cluster-pg:${C.clusterParameterGroup}`;
      const results = await store.checkResults.list({ resourceIds: [cluster, writer] });
      // Both the cluster's and the writer's own checks ran (the writer's cluster-held settings are not applicable).
      expect(results.filter((r) => r.resourceId === cluster).length).toBeGreaterThanOrEqual(5);
      expect(results.filter((r) => r.resourceId === writer && r.status === 'not-applicable').map((r) => r.checkId)).toContain(
        'aws-rds-db-instance-tls-required',
      );
      expect(results.filter((r) => r.status !== 'pass' && r.status !== 'not-applicable')).toEqual([
        expect.objectContaining({
          checkId: 'aws-rds-db-cluster-tls-required',
          resourceId: cluster,
          status: 'fail',
          evidence: expect.objectContaining({ groups: [{ parameterGroup: group, parameter: 'rds.force_ssl', value: null, engineDefault: true }] }),
        }),
      ]);
      // The orders database's planted TLS risk is still there, judged on its own instance-level group.
      const orders = `arn:aws:rds:${DEMO.database.region}:${DEMO.database.account}:db:${DEMO.database.dbInstanceId}`;
      expect((await store.checkResults.list({ checkIds: ['aws-rds-db-instance-tls-required'], resourceIds: [orders] }))[0]?.status).toBe('fail');
    } finally {
      await store.close();
    }
  }, 60_000);
});
