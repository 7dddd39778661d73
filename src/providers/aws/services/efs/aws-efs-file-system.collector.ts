import { DescribeFileSystemPolicyCommand, EFSClient, type FileSystemDescription, paginateDescribeFileSystems } from '@aws-sdk/client-efs';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, collectAll, configOf, edges, flatTags, idsFrom, itemsOf, kmsKeyArn, orNull, parsePolicy, record } from '../common.js';

const efs = (ctx: CollectContext) => ctx.client(EFSClient);

export default defineCollector<FileSystemDescription>({
  id: 'aws-efs-file-system',
  resourceType: 'aws.efs.file-system',
  provider: 'aws',
  service: 'efs',
  scope: 'regional',
  title: 'EFS file systems',
  permissions: ['elasticfilesystem:DescribeFileSystems'],
  triggers: ['CreateFileSystem', 'DeleteFileSystem', 'UpdateFileSystem', 'PutFileSystemPolicy', 'DeleteFileSystemPolicy', 'TagResource', 'UntagResource'],
  list: (ctx) => itemsOf(paginateDescribeFileSystems({ client: efs(ctx) }, {}), (p) => p.FileSystems),
  async *refresh(ids, ctx) {
    for (const FileSystemId of idsFrom(ids))
      yield* (await orNull(() => collectAll(itemsOf(paginateDescribeFileSystems({ client: efs(ctx) }, { FileSystemId }), (p) => p.FileSystems)))) ?? [];
  },
  hydrate: {
    policy: {
      permissions: ['elasticfilesystem:DescribeFileSystemPolicy'],
      // No policy answers PolicyNotFound, which is "none" (null).
      fetch: (raw, ctx) =>
        orNull(async () => parsePolicy((await efs(ctx).send(new DescribeFileSystemPolicyCommand({ FileSystemId: raw.FileSystemId }))).Policy)),
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.FileSystemArn ?? arn(ctx, 'elasticfilesystem', `file-system/${raw.FileSystemId}`);
    const resource = record(ctx, {
      type: 'aws.efs.file-system',
      id,
      name: raw.Name ?? raw.FileSystemId,
      tags: flatTags(raw.Tags),
      config: configOf(raw, hydrated),
    });
    return { resource, edges: edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KmsKeyId)]) };
  },
  fixtures: [
    {
      // From cloud-custodian test_efs_subresource (DescribeFileSystems_1).
      name: 'unencrypted file system without a policy',
      raw: {
        SizeInBytes: { Value: 6144 },
        Name: 'Hello World',
        CreationToken: 'console-3a10683e-25bc-41ed-ae8f-3aa0c07b9552',
        CreationTime: new Date('2017-02-24T11:50:03Z'),
        PerformanceMode: 'generalPurpose',
        FileSystemId: 'fs-e6268aaf',
        NumberOfMountTargets: 2,
        LifeCycleState: 'available',
        OwnerId: '424107330309',
        Encrypted: false,
        Tags: [{ Key: 'Name', Value: 'Hello World' }],
      },
      hydrated: { policy: null },
      context: { account: '424107330309' },
      expect: {
        id: 'arn:aws:elasticfilesystem:us-east-1:424107330309:file-system/fs-e6268aaf',
        name: 'Hello World',
        config: { Encrypted: false, policy: null },
      },
    },
  ],
});
