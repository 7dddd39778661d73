import type { CollectorUnit } from '../../core/units/collector.js';
import type { ResourceRecord } from '../../core/resource.js';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { actingRegion } from '../../providers/aws/account-credentials.js';
import { partitionOf } from '../../providers/aws/partition.js';
import type { Store } from '../../store/index.js';
import type { ClientFactory } from '../discover/client-factory.js';
import { runRefresh } from '../discover/refresh.js';

/**
 * Re-collects one resource through discovery's targeted refresh (the same collector, hydrators and
 * inventory upsert as a scan) and returns it as now stored: what remediation verification re-runs
 * the checks on. Global resources are refreshed through the partition's home region.
 */
export function discoveryRecollector(env: {
  store: Store;
  factory: ClientFactory;
  collectors: readonly CollectorUnit<any>[];
  /** The account's credentials (the caller's own, or the assumed role); default chain when absent. */
  credentialsFor?: (account: string) => AwsCredentialIdentityProvider | undefined;
}) {
  return async (r: ResourceRecord): Promise<ResourceRecord | undefined> => {
    const collector = env.collectors.find((c) => c.resourceType === r.type);
    if (!collector) return undefined;
    // Global resources (IAM, CloudFront) are refreshed through their partition's home region, not us-east-1 everywhere.
    const region = actingRegion(r.region, r.id);
    await runRefresh([{ collector: collector.id, account: r.account, region, partition: partitionOf(region), ids: [r.id], full: !collector.refresh }], {
      store: env.store,
      factory: env.factory,
      collectors: env.collectors,
      ...(env.credentialsFor && { credentialsFor: env.credentialsFor }),
    });
    const fresh = await env.store.resources.get(r.id);
    if (!fresh || fresh.deletedAt) return undefined;
    const { firstSeen: _f, lastSeen: _l, deletedAt: _d, ...record } = fresh;
    return record;
  };
}
