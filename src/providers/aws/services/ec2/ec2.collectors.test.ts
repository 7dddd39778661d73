import * as ec2sdk from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { awsError, collect, replay, testContext } from '../../../../../test/support/aws-replay.js';
import ebsDefault from './aws-ec2-ebs-default-encryption.collector.js';
import image from './aws-ec2-image.collector.js';
import instance from './aws-ec2-instance.collector.js';
import snapshot from './aws-ec2-snapshot.collector.js';
import subnet from './aws-ec2-subnet.collector.js';

const ec2 = mockClient(ec2sdk.EC2Client);
afterEach(() => ec2.reset());
const ctx = (wanted: string[] = []) => testContext({ account: '644160558196', wanted });

describe('EC2 collectors over recorded responses', () => {
  it('collects instances with edges, and keeps an instance whose user-data hydrator is denied', async () => {
    replay(ec2, ec2sdk, 'test_ec2_iam_role_filter_by_role_name', 'ec2');
    ec2.on(ec2sdk.DescribeInstanceAttributeCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const { resources, edges } = await collect(instance, ctx());
    expect(resources.map((r) => r.id)).toEqual([
      'arn:aws:ec2:us-east-1:644160558196:instance/i-051d5a5a07a40d2a3',
      'arn:aws:ec2:us-east-1:644160558196:instance/i-0087ce11c395e5703',
    ]);
    const first = resources[0]!;
    expect(first.name).toBe('test-role-1');
    expect(first.config.LaunchTime).toBe('2026-04-04T17:11:42.000Z');
    expect(first.config).not.toHaveProperty('userDataPresent');
    expect(first.config._errors).toEqual({ userDataPresent: 'access-denied' });
    expect(edges).toContainEqual({ from: first.id, kind: 'has-instance-profile', to: 'arn:aws:iam::644160558196:instance-profile/CloudCustodianRole' });
  });

  it('pages through DescribeInstances and drops terminated instances', async () => {
    const inst = (id: string, state: ec2sdk.InstanceStateName) => ({ InstanceId: id, State: { Name: state, Code: 0 } });
    ec2
      .on(ec2sdk.DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [{ Instances: [inst('i-1', 'running')] }], NextToken: 'page-2' })
      .resolvesOnce({ Reservations: [{ Instances: [inst('i-2', 'terminated'), inst('i-3', 'stopped')] }] });
    const { resources } = await collect(instance, ctx(['none']));
    expect(resources.map((r) => r.name)).toEqual(['i-1', 'i-3']);
    expect(ec2.commandCalls(ec2sdk.DescribeInstancesCommand)[1]!.args[0].input).toMatchObject({ NextToken: 'page-2' });
  });

  it('refreshes named instances through a filter, so a vanished id does not fail the call', async () => {
    ec2.on(ec2sdk.DescribeInstancesCommand).resolves({ Reservations: [] });
    const { resources } = await collect(instance, ctx(['none']), { refresh: ['arn:aws:ec2:us-east-1:644160558196:instance/i-gone'] });
    expect(resources).toEqual([]);
    expect(ec2.commandCalls(ec2sdk.DescribeInstancesCommand)[0]!.args[0].input).toEqual({ Filters: [{ Name: 'instance-id', Values: ['i-gone'] }] });
  });

  it('hydrates snapshot sharing: one public snapshot, one shared with two accounts', async () => {
    replay(ec2, ec2sdk, 'test_ebs_snapshot_set_permissions_matched_everyone_only', 'ec2');
    const { resources } = await collect(snapshot, ctx());
    expect(resources.map((r) => [r.name, r.config.createVolumePermissions])).toEqual([
      ['snap-af0eb71b', [{ Group: 'all' }]],
      ['snap-0ac64f0a1f16af706', [{ UserId: '112233445566' }, { UserId: '665544332211' }]],
    ]);
    expect(ec2.commandCalls(ec2sdk.DescribeSnapshotsCommand)[0]!.args[0].input).toMatchObject({ OwnerIds: ['self'] });
  });

  it('hydrates AMI launch permissions', async () => {
    replay(ec2, ec2sdk, 'test_ami_set_permissions_remove_matched_no_add', 'ec2');
    const { resources } = await collect(image, ctx());
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({
      id: 'arn:aws:ec2:us-east-1::image/ami-085aca20aa1721a4d',
      name: 'test-ami',
      config: { launchPermissions: [{ UserId: '898786471159' }] },
    });
  });

  it('resolves each subnet to its explicitly associated route table', async () => {
    replay(ec2, ec2sdk, 'test_fsx_public_subnet', 'ec2');
    ec2.on(ec2sdk.DescribeNetworkAclsCommand).resolves({ NetworkAcls: [] });
    const { resources, edges } = await collect(subnet, ctx());
    expect(resources.map((r) => r.config.routeTableId)).toEqual(['rtb-02cfd7f0fe7f57692']);
    expect(edges).toContainEqual({
      from: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-034f3d20e1400bae7',
      kind: 'uses-route-table',
      to: 'arn:aws:ec2:us-east-1:644160558196:route-table/rtb-02cfd7f0fe7f57692',
    });
  });

  it('reads EBS default encryption as one resource per region', async () => {
    replay(ec2, ec2sdk, 'test_account_disable_ebs_encrypt', 'ec2');
    const { resources } = await collect(ebsDefault, ctx());
    expect(resources).toHaveLength(1);
    expect(resources[0]!.id).toBe('arn:aws:ec2:us-east-1:644160558196:ebs-default-encryption');
    expect(resources[0]!.config.KmsKeyId).toBe('arn:aws:kms:us-east-1:644160558196:key/798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0');
  });
});
