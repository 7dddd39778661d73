import { DescribeKeyPairsCommand, type KeyPairInfo } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { ec2, ec2Record, idFilter, TAG_TRIGGERS } from './ec2.js';

/** DescribeKeyPairs is not paginated. */
async function* describe(ctx: CollectContext, ids?: readonly string[]) {
  const r = await ec2(ctx).send(new DescribeKeyPairsCommand(ids ? { Filters: idFilter('key-name', ids) } : {}));
  yield* r.KeyPairs ?? [];
}

export default defineCollector<KeyPairInfo>({
  id: 'aws-ec2-key-pair',
  resourceType: 'aws.ec2.key-pair',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EC2 key pairs',
  permissions: ['ec2:DescribeKeyPairs'],
  triggers: ['CreateKeyPair', 'ImportKeyPair', 'DeleteKeyPair', ...TAG_TRIGGERS],
  list: (ctx) => describe(ctx),
  refresh: (ids, ctx) => describe(ctx, ids),
  toResource(raw, hydrated, ctx) {
    // The key-pair ARN carries the key name (what instances and events refer to), not the key-… id.
    const resource = ec2Record(ctx, 'aws.ec2.key-pair', 'key-pair', raw.KeyName ?? raw.KeyPairId ?? '', raw, hydrated);
    return { resource };
  },
  fixtures: [
    {
      // From cloud-custodian test_unused_keypair_launch_template (ec2.DescribeKeyPairs_3.json).
      name: 'key pair whose name has a space',
      raw: {
        KeyPairId: 'key-07e61731992e3461a',
        KeyFingerprint: 'bd:c4:ea:ee:20:2e:26:14:a2:b4:ac:13:2e:ae:a3:51:6a:d5:f8:c3',
        KeyName: 'dont delete',
        Tags: [],
      },
      expect: { id: 'arn:aws:ec2:us-east-1:123456789012:key-pair/dont delete', name: 'dont delete', config: { KeyPairId: 'key-07e61731992e3461a' } },
    },
  ],
});
