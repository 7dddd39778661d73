import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as ec2 from '@aws-sdk/client-ec2';
import * as iam from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import * as rds from '@aws-sdk/client-rds';
import * as s3 from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../src/core/resource.js';
import type { RemediationContext, RemediationUnit } from '../src/core/units/remediation.js';
import { loadUnits } from '../src/engine/units.js';

/**
 * Every remediation's apply and rollback, asserted as the exact AWS API calls they make
 * (aws-sdk-client-mock records them; nothing reaches AWS).
 */
const mocks = {
  ec2: mockClient(ec2.EC2Client),
  s3: mockClient(s3.S3Client),
  s3control: mockClient(s3control.S3ControlClient),
  iam: mockClient(iam.IAMClient),
  rds: mockClient(rds.RDSClient),
  kms: mockClient(kms.KMSClient),
  cloudtrail: mockClient(cloudtrail.CloudTrailClient),
  lambda: mockClient(lambda.LambdaClient),
};
afterEach(() => {
  for (const m of Object.values(mocks)) m.reset();
});

const ctx: RemediationContext = {
  account: '222222222222',
  region: 'us-east-1',
  client: (C) => new C({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } } as never),
};
const units = loadUnits().remediations;
const unit = (id: string) => units.get(id) as RemediationUnit;
const res = (type: string, config: Record<string, unknown>, id = `arn:aws:test:::${type}`): ResourceRecord => ({
  id,
  type,
  provider: 'aws',
  account: '222222222222',
  region: 'us-east-1',
  name: 'r',
  tags: {},
  config,
});
type AnyMock = { calls(): { args: unknown[] }[]; resetHistory(): void };
const calls = (m: AnyMock): [string, unknown][] =>
  m.calls().map((c) => {
    const cmd = c.args[0] as { constructor: { name: string }; input: unknown };
    return [cmd.constructor.name, cmd.input];
  });

async function roundTrip(id: string, r: ResourceRecord, m: AnyMock) {
  const plan = unit(id).plan(r);
  expect(plan).not.toBeNull();
  await unit(id).apply(plan as NonNullable<typeof plan>, ctx);
  const applied = calls(m);
  m.resetHistory();
  await unit(id).rollback(plan as NonNullable<typeof plan>, ctx);
  return { plan: plan as NonNullable<typeof plan>, applied, rolledBack: calls(m) };
}

describe('remediations: exact API calls', () => {
  it('has at least 12 remediations', () => {
    expect(units.size).toBeGreaterThanOrEqual(12);
  });

  it('S3 bucket block public access: put all four; rollback deletes when there was none', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-s3-bucket-block-public-access',
      res('aws.s3.bucket', { Name: 'acme-customer-exports', publicAccessBlock: null }),
      mocks.s3,
    );
    expect(applied).toEqual([
      [
        'PutPublicAccessBlockCommand',
        {
          Bucket: 'acme-customer-exports',
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        },
      ],
    ]);
    expect(rolledBack).toEqual([['DeletePublicAccessBlockCommand', { Bucket: 'acme-customer-exports' }]]);
  });

  it('S3 account block public access: S3 Control, rollback restores the previous settings', async () => {
    const prev = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    const { applied, rolledBack } = await roundTrip('aws-s3-account-block-public-access', res('aws.s3.account-public-access-block', prev), mocks.s3control);
    expect(applied).toEqual([
      [
        'PutPublicAccessBlockCommand',
        {
          AccountId: '222222222222',
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        },
      ],
    ]);
    expect(rolledBack).toEqual([['PutPublicAccessBlockCommand', { AccountId: '222222222222', PublicAccessBlockConfiguration: prev }]]);
  });

  it('S3 public ACL grants: keeps the owner grant, rollback restores all', async () => {
    const owner = { ID: 'owner1' };
    const keep = { Grantee: { Type: 'CanonicalUser', ID: 'owner1' }, Permission: 'FULL_CONTROL' };
    const pub = { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' };
    const { applied, rolledBack } = await roundTrip(
      'aws-s3-bucket-remove-public-acl-grants',
      res('aws.s3.bucket', { Name: 'b', acl: { Owner: owner, Grants: [keep, pub] } }),
      mocks.s3,
    );
    expect(applied).toEqual([['PutBucketAclCommand', { Bucket: 'b', AccessControlPolicy: { Owner: owner, Grants: [keep] } }]]);
    expect(rolledBack).toEqual([['PutBucketAclCommand', { Bucket: 'b', AccessControlPolicy: { Owner: owner, Grants: [keep, pub] } }]]);
  });

  it('security group: revoke 0.0.0.0/0 and ::/0 on 5432, leave 443; rollback re-authorizes', async () => {
    const perm = { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
    const web = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    const { plan, applied, rolledBack } = await roundTrip(
      'aws-ec2-security-group-revoke-world-ingress',
      res('aws.ec2.security-group', { GroupId: 'sg-0a1b2c3d4e5f60002', IpPermissions: [perm, web] }),
      mocks.ec2,
    );
    expect(plan.changes).toEqual([
      { field: 'ingress tcp/5432', before: '0.0.0.0/0', after: null },
      { field: 'ingress tcp/5432', before: '::/0', after: null },
    ]);
    expect(applied).toEqual([['RevokeSecurityGroupIngressCommand', { GroupId: 'sg-0a1b2c3d4e5f60002', IpPermissions: [perm] }]]);
    expect(rolledBack).toEqual([['AuthorizeSecurityGroupIngressCommand', { GroupId: 'sg-0a1b2c3d4e5f60002', IpPermissions: [perm] }]]);
  });

  it('access key: deactivate, rollback reactivates', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-iam-user-deactivate-unused-access-key',
      res('aws.iam.user', {
        UserName: 'alice',
        accessKeys: [{ AccessKeyId: 'AKIAOLD', Status: 'Active', CreateDate: '2023-01-01T00:00:00Z', LastUsed: { LastUsedDate: '2024-01-01T00:00:00Z' } }],
      }),
      mocks.iam,
    );
    expect(applied).toEqual([['UpdateAccessKeyCommand', { UserName: 'alice', AccessKeyId: 'AKIAOLD', Status: 'Inactive' }]]);
    expect(rolledBack).toEqual([['UpdateAccessKeyCommand', { UserName: 'alice', AccessKeyId: 'AKIAOLD', Status: 'Active' }]]);
  });

  it('login profile: delete; rollback recreates with a password that must be reset', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-iam-user-delete-inactive-login-profile',
      res('aws.iam.user', { UserName: 'carol', PasswordLastUsed: '2024-01-01T00:00:00Z', loginProfile: {} }),
      mocks.iam,
    );
    expect(applied).toEqual([['DeleteLoginProfileCommand', { UserName: 'carol' }]]);
    expect(rolledBack[0]?.[0]).toBe('CreateLoginProfileCommand');
    expect(rolledBack[0]?.[1]).toMatchObject({ UserName: 'carol', PasswordResetRequired: true });
  });

  it('EBS snapshot: remove group all; rollback adds it', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-ec2-snapshot-make-private',
      res('aws.ec2.snapshot', { SnapshotId: 'snap-0a1b2c3d4e5f60009', createVolumePermissions: [{ Group: 'all' }] }),
      mocks.ec2,
    );
    expect(applied).toEqual([
      [
        'ModifySnapshotAttributeCommand',
        { SnapshotId: 'snap-0a1b2c3d4e5f60009', Attribute: 'createVolumePermission', OperationType: 'remove', GroupNames: ['all'] },
      ],
    ]);
    expect(rolledBack).toEqual([
      [
        'ModifySnapshotAttributeCommand',
        { SnapshotId: 'snap-0a1b2c3d4e5f60009', Attribute: 'createVolumePermission', OperationType: 'add', GroupNames: ['all'] },
      ],
    ]);
  });

  it('RDS snapshot: remove restore=all; rollback adds it', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-rds-db-snapshot-make-private',
      res('aws.rds.db-snapshot', { DBSnapshotIdentifier: 'orders-final', attributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] }),
      mocks.rds,
    );
    expect(applied).toEqual([
      ['ModifyDBSnapshotAttributeCommand', { DBSnapshotIdentifier: 'orders-final', AttributeName: 'restore', ValuesToRemove: ['all'] }],
    ]);
    expect(rolledBack).toEqual([
      ['ModifyDBSnapshotAttributeCommand', { DBSnapshotIdentifier: 'orders-final', AttributeName: 'restore', ValuesToAdd: ['all'] }],
    ]);
  });

  it('EBS default encryption: enable; rollback disables', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-ec2-enable-ebs-default-encryption',
      res('aws.ec2.ebs-default-encryption', { EbsEncryptionByDefault: false }),
      mocks.ec2,
    );
    expect(applied).toEqual([['EnableEbsEncryptionByDefaultCommand', {}]]);
    expect(rolledBack).toEqual([['DisableEbsEncryptionByDefaultCommand', {}]]);
  });

  it('KMS rotation: enable; rollback disables', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-kms-key-enable-rotation',
      res('aws.kms.key', { KeyId: 'key-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', rotationEnabled: false }),
      mocks.kms,
    );
    expect(applied).toEqual([['EnableKeyRotationCommand', { KeyId: 'key-1' }]]);
    expect(rolledBack).toEqual([['DisableKeyRotationCommand', { KeyId: 'key-1' }]]);
  });

  it('CloudTrail: validation and multi-region on; rollback restores both previous values', async () => {
    const arn = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-org-trail';
    const { applied, rolledBack } = await roundTrip(
      'aws-cloudtrail-trail-enable-validation-multi-region',
      res('aws.cloudtrail.trail', { Name: 'acme-org-trail', TrailARN: arn, LogFileValidationEnabled: false, IsMultiRegionTrail: true }),
      mocks.cloudtrail,
    );
    expect(applied).toEqual([['UpdateTrailCommand', { Name: arn, EnableLogFileValidation: true, IsMultiRegionTrail: true }]]);
    expect(rolledBack).toEqual([['UpdateTrailCommand', { Name: arn, EnableLogFileValidation: false, IsMultiRegionTrail: true }]]);
  });

  it('IMDSv2: required; rollback optional', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-ec2-instance-enforce-imdsv2',
      res('aws.ec2.instance', { InstanceId: 'i-0a1b2c3d4e5f60001', MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' } }),
      mocks.ec2,
    );
    expect(applied).toEqual([['ModifyInstanceMetadataOptionsCommand', { InstanceId: 'i-0a1b2c3d4e5f60001', HttpTokens: 'required', HttpEndpoint: 'enabled' }]]);
    expect(rolledBack).toEqual([['ModifyInstanceMetadataOptionsCommand', { InstanceId: 'i-0a1b2c3d4e5f60001', HttpTokens: 'optional' }]]);
  });

  it('quarantine: snapshots first, isolation group without egress, groups swapped; rollback restores groups and deletes the isolation group', async () => {
    mocks.ec2.on(ec2.CreateSnapshotCommand).resolves({ SnapshotId: 'snap-evidence-1' });
    mocks.ec2.on(ec2.CreateSecurityGroupCommand).resolves({ GroupId: 'sg-quarantine' });
    const { plan, applied, rolledBack } = await roundTrip(
      'aws-ec2-instance-quarantine',
      res('aws.ec2.instance', {
        InstanceId: 'i-0d1e2f3a4b5c60003',
        VpcId: 'vpc-1',
        State: { Name: 'running' },
        SecurityGroups: [{ GroupId: 'sg-a' }, { GroupId: 'sg-b' }],
        BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-1' } }],
      }),
      mocks.ec2,
    );
    expect(applied.map((c) => c[0])).toEqual([
      'CreateSnapshotCommand',
      'CreateSecurityGroupCommand',
      'RevokeSecurityGroupEgressCommand',
      'ModifyInstanceAttributeCommand',
    ]);
    expect(applied[0]?.[1]).toMatchObject({ VolumeId: 'vol-1' });
    expect(applied[2]?.[1]).toEqual({ GroupId: 'sg-quarantine', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    expect(applied[3]?.[1]).toEqual({ InstanceId: 'i-0d1e2f3a4b5c60003', Groups: ['sg-quarantine'] });
    expect(plan.data.snapshots).toEqual(['snap-evidence-1']);
    expect(rolledBack).toEqual([
      ['ModifyInstanceAttributeCommand', { InstanceId: 'i-0d1e2f3a4b5c60003', Groups: ['sg-a', 'sg-b'] }],
      ['DeleteSecurityGroupCommand', { GroupId: 'sg-quarantine' }],
    ]);
  });

  it('Lambda URL: delete; rollback recreates with the same settings', async () => {
    const { applied, rolledBack } = await roundTrip(
      'aws-lambda-function-remove-public-url',
      res('aws.lambda.function', { FunctionName: 'billing-export', urlConfig: { AuthType: 'NONE', InvokeMode: 'BUFFERED', Cors: { AllowOrigins: ['*'] } } }),
      mocks.lambda,
    );
    expect(applied).toEqual([['DeleteFunctionUrlConfigCommand', { FunctionName: 'billing-export' }]]);
    expect(rolledBack).toEqual([
      ['CreateFunctionUrlConfigCommand', { FunctionName: 'billing-export', AuthType: 'NONE', Cors: { AllowOrigins: ['*'] }, InvokeMode: 'BUFFERED' }],
    ]);
  });
});
