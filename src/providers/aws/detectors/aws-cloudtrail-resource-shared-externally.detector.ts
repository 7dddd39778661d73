import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, type Ev, param, succeeded } from './common.js';

/** Who a share adds: `all` (public) or account ids, from the EC2 / RDS request shapes. */
function sharedWith(e: Ev): string[] {
  switch (e.action) {
    case 'ModifySnapshotAttribute':
      return addItems(param(e, 'createVolumePermission'));
    case 'ModifyImageAttribute':
      return addItems(param(e, 'launchPermission'));
    case 'ModifyDBSnapshotAttribute':
    case 'ModifyDBClusterSnapshotAttribute':
      return param(e, 'attributeName') === 'restore' ? asList(param(e, 'valuesToAdd')).map(String) : [];
    default:
      return [];
  }
}

function addItems(perm: unknown): string[] {
  const add = (perm as { add?: { items?: unknown } } | undefined)?.add;
  return asList(add?.items).flatMap((i) => {
    const it = i as { userId?: string; group?: string };
    return it.group === 'all' ? ['all'] : it.userId ? [String(it.userId)] : [];
  });
}

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-resource-shared-externally',
  title: 'Snapshot or image shared publicly or with another account',
  description:
    'An EBS snapshot, AMI, or RDS (cluster) snapshot was shared with everyone or with an account other than its owner: a common exfiltration path that copies data out without touching the network.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1537'],
  actions: ['ModifySnapshotAttribute', 'ModifyImageAttribute', 'ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'].map((a) => `*:${a}`),
  logic: {
    kind: 'match',
    match: (e) => {
      if (!succeeded(e)) return false;
      const targets = sharedWith(e).filter((t) => t !== e.account);
      if (!targets.length) return false;
      const pub = targets.includes('all');
      return {
        severity: pub ? 'critical' : 'high',
        title: pub ? 'Snapshot or image made public' : 'Snapshot or image shared with another account',
        details: { sharedWith: targets },
      };
    },
    key: (e) => e.resources[0]?.id ?? e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'EBS snapshot made public',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'ModifySnapshotAttribute',
            requestParameters: {
              snapshotId: 'snap-0a1b2c3d4e5f60009',
              attributeType: 'CREATE_VOLUME_PERMISSION',
              createVolumePermission: { add: { items: [{ group: 'all' }] } },
            },
          }),
        ],
      },
      {
        name: 'RDS snapshot shared with a foreign account',
        events: [
          ct({
            eventSource: 'rds.amazonaws.com',
            eventName: 'ModifyDBSnapshotAttribute',
            requestParameters: { dBSnapshotIdentifier: 'orders-nightly', attributeName: 'restore', valuesToAdd: ['999999999999'] },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'share removed',
        events: [
          ct({
            eventSource: 'ec2.amazonaws.com',
            eventName: 'ModifySnapshotAttribute',
            requestParameters: { snapshotId: 'snap-1', createVolumePermission: { remove: { items: [{ group: 'all' }] } } },
          }),
        ],
      },
    ],
  },
});
