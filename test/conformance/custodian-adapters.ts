import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceRecord } from '../../src/core/resource.js';
import { PLACEBO } from '../support/aws-replay.js';

/**
 * Cloud Custodian expected-count rows mapped to Skywatch checks. A row says "policy P (resource type +
 * filters) over recording R matches N resources"; a mapping says which collector reads R, which check
 * shares P's intent, whether P selects the resources that check fails (`counts: 'fail'`) or passes
 * (`'pass'`: the policy looks for the good state), and `scope`: the policy's identity filters (a name,
 * a tag) that narrow the set before the risk filter. The scorer replays R through the real collector,
 * runs the check, and compares the count with N.
 *
 * Only rows whose risk filter and check mean the same thing are mapped; `why` says what is shared.
 */
export interface CustodianRow {
  cloud: string;
  test: string;
  recording: string;
  policy: { name: string; resource: string; filters?: unknown[] };
  expected_resource_count: number;
  recording_dir: string;
}

export interface CustodianMapping {
  recording: string;
  /** A substring of the row's JSON filters, when a recording has several rows. */
  filter?: string;
  collector: string;
  /** Several checks when the policy's filter is their union (public OR shared with another account). */
  check: string | string[];
  counts: 'fail' | 'pass';
  scope?: (r: ResourceRecord) => boolean;
  params?: Record<string, unknown>;
  region?: string;
  why: string;
}

/** Placebo file prefixes (boto3 service names) → the SDK v3 client the collectors use. */
export const CLIENTS: Record<string, { sdk: string; client: string }> = {
  rds: { sdk: '@aws-sdk/client-rds', client: 'RDSClient' },
  ec2: { sdk: '@aws-sdk/client-ec2', client: 'EC2Client' },
  kms: { sdk: '@aws-sdk/client-kms', client: 'KMSClient' },
  lambda: { sdk: '@aws-sdk/client-lambda', client: 'LambdaClient' },
  sqs: { sdk: '@aws-sdk/client-sqs', client: 'SQSClient' },
  sns: { sdk: '@aws-sdk/client-sns', client: 'SNSClient' },
  'api.ecr': { sdk: '@aws-sdk/client-ecr', client: 'ECRClient' },
  secretsmanager: { sdk: '@aws-sdk/client-secrets-manager', client: 'SecretsManagerClient' },
  eks: { sdk: '@aws-sdk/client-eks', client: 'EKSClient' },
  dynamodb: { sdk: '@aws-sdk/client-dynamodb', client: 'DynamoDBClient' },
  ssm: { sdk: '@aws-sdk/client-ssm', client: 'SSMClient' },
  cloudtrail: { sdk: '@aws-sdk/client-cloudtrail', client: 'CloudTrailClient' },
  cloudfront: { sdk: '@aws-sdk/client-cloudfront', client: 'CloudFrontClient' },
  iam: { sdk: '@aws-sdk/client-iam', client: 'IAMClient' },
  s3: { sdk: '@aws-sdk/client-s3', client: 'S3Client' },
};

const cfg = (r: ResourceRecord) => r.config as Record<string, unknown>;
const named = (key: string, value: string) => (r: ResourceRecord) => cfg(r)[key] === value;

export const CUSTODIAN_MAP: CustodianMapping[] = [
  // RDS instances
  {
    recording: 'test_rds_public_accessible_disable',
    collector: 'aws-rds-db-instance',
    check: 'aws-rds-db-instance-not-public',
    counts: 'fail',
    scope: named('DBInstanceIdentifier', 'c7n-test-pa'),
    why: 'PubliclyAccessible: true',
  },
  {
    recording: 'test_rds_auto_patch',
    collector: 'aws-rds-db-instance',
    check: 'aws-rds-db-instance-auto-minor-version-upgrade',
    counts: 'fail',
    why: 'AutoMinorVersionUpgrade: false',
  },
  // RDS and EBS snapshots, AMIs: public or shared
  {
    recording: 'test_rds_snapshot_access',
    filter: '["cross-account"]',
    collector: 'aws-rds-db-snapshot',
    check: ['aws-rds-db-snapshot-not-public', 'aws-rds-db-snapshot-not-shared-with-unknown-accounts'],
    counts: 'fail',
    why: 'cross-account (no allow-list): restore shared with all or another account',
  },
  {
    recording: 'test_rds_snapshot_access',
    filter: 'everyone_only',
    collector: 'aws-rds-db-snapshot',
    check: 'aws-rds-db-snapshot-not-public',
    counts: 'fail',
    why: 'cross-account everyone_only: restorable by all',
  },
  {
    recording: 'test_rds_cluster_snapshot_cross_account_everyone_only',
    collector: 'aws-rds-db-cluster-snapshot',
    check: 'aws-rds-db-cluster-snapshot-not-public',
    counts: 'fail',
    why: 'cross-account everyone_only: restorable by all',
  },
  {
    recording: 'test_ebs_cross_account',
    filter: '["cross-account"]',
    collector: 'aws-ec2-snapshot',
    check: ['aws-ec2-snapshot-not-public', 'aws-ec2-snapshot-not-shared-with-unknown-accounts'],
    counts: 'fail',
    why: 'cross-account (no allow-list): createVolumePermission for all or another account',
  },
  {
    recording: 'test_ebs_cross_account',
    filter: 'everyone_only',
    collector: 'aws-ec2-snapshot',
    check: 'aws-ec2-snapshot-not-public',
    counts: 'fail',
    why: 'cross-account everyone_only: createVolumePermission group all',
  },
  {
    recording: 'test_ebs_snapshot_set_permissions_matched_everyone_only',
    collector: 'aws-ec2-snapshot',
    check: 'aws-ec2-snapshot-not-public',
    counts: 'fail',
    why: 'cross-account everyone_only: createVolumePermission group all',
  },
  {
    recording: 'test_ami_cross_accounts',
    collector: 'aws-ec2-image',
    check: ['aws-ec2-image-not-public', 'aws-ec2-image-not-shared-with-unknown-accounts'],
    counts: 'fail',
    why: 'cross-account (no allow-list): launchPermission for another account or all',
  },
  {
    recording: 'test_ami_set_permissions_remove_matched_no_add',
    collector: 'aws-ec2-image',
    check: ['aws-ec2-image-not-public', 'aws-ec2-image-not-shared-with-unknown-accounts'],
    counts: 'fail',
    scope: named('Name', 'test-ami'),
    why: 'cross-account (no allow-list) on the image named test-ami',
  },
  // EBS volumes
  {
    recording: 'test_encrypt_volumes',
    collector: 'aws-ec2-volume',
    check: 'aws-ec2-volume-encrypted',
    counts: 'fail',
    scope: named('VolumeId', 'vol-0f53c81b92b4ecfce'),
    why: 'Encrypted: false',
  },
  // KMS
  {
    recording: 'test_key_rotation',
    collector: 'aws-kms-key',
    check: 'aws-kms-key-rotation-enabled',
    counts: 'pass',
    why: 'key-rotation-status KeyRotationEnabled: true (the good state: counted as passes)',
  },
  {
    recording: 'test_key_rotation_set',
    collector: 'aws-kms-key',
    check: 'aws-kms-key-rotation-enabled',
    counts: 'fail',
    // The policy's tag filter is not applied: Custodian read tags through the tagging API, which our
    // collector does not call; the recording holds that one key only.
    why: 'key-rotation-status KeyRotationEnabled: false (the recording holds only the key tagged Name=CMK-Rotation-Test)',
  },
  ...['', '_condition_keys_1', '_condition_keys_2', '_condition_keys_3'].map(
    (suffix): CustodianMapping => ({
      recording: `test_cross_account_kms${suffix}`,
      collector: 'aws-kms-key',
      check: 'aws-kms-key-policy-not-public',
      counts: 'fail',
      scope: (r) => cfg(r).KeyState === 'Enabled',
      why: 'cross-account on enabled keys: a key policy granting any principal (conditions that pin the account or org do not count)',
    }),
  ),
  // Resource policies open to anyone
  {
    recording: 'test_cross_account_lambda',
    collector: 'aws-lambda-function',
    check: 'aws-lambda-function-policy-not-public',
    counts: 'fail',
    region: 'us-west-2',
    why: 'cross-account: function policy allowing Principal *',
  },
  {
    recording: 'test_cross_account_sqs',
    collector: 'aws-sqs-queue',
    check: 'aws-sqs-queue-policy-not-public',
    counts: 'fail',
    region: 'us-west-2',
    why: 'cross-account: queue policy allowing Principal *',
  },
  {
    recording: 'test_cross_account_sns',
    collector: 'aws-sns-topic',
    check: 'aws-sns-topic-policy-not-public',
    counts: 'fail',
    region: 'us-west-2',
    why: 'cross-account: topic policy allowing Principal *',
  },
  {
    recording: 'test_cross_account_ecr',
    collector: 'aws-ecr-repository',
    check: 'aws-ecr-repository-policy-not-public',
    counts: 'fail',
    why: 'cross-account: repository policy allowing Principal *',
  },
  {
    recording: 'test_get_ssm_documents_everyone_only',
    collector: 'aws-ssm-document',
    check: 'aws-ssm-document-not-public',
    counts: 'fail',
    // Our collector asks for Owner=Self, as Custodian's resource does; the recorded answer also holds an
    // Amazon-owned document, which a real call with that filter would not return.
    scope: (r) => cfg(r).Owner !== 'Amazon',
    why: 'cross-account everyone_only: document shared with all',
  },
  // ECR
  {
    recording: 'test_ecr_set_scanning',
    collector: 'aws-ecr-repository',
    check: 'aws-ecr-repository-scan-on-push',
    counts: 'fail',
    scope: named('repositoryName', 'testrepo'),
    why: 'imageScanningConfiguration.scanOnPush: false',
  },
  {
    recording: 'test_ecr_set_immutability',
    collector: 'aws-ecr-repository',
    check: 'aws-ecr-repository-tags-immutable',
    counts: 'fail',
    scope: named('repositoryName', 'testrepo'),
    why: 'imageTagMutability: MUTABLE',
  },
  // EKS
  {
    recording: 'test_eks_update_config',
    collector: 'aws-eks-cluster',
    check: 'aws-eks-cluster-endpoint-not-public',
    counts: 'fail',
    scope: named('name', 'devk8s'),
    why: 'resourcesVpcConfig.endpointPublicAccess: true',
  },
  ...['', '_key_arn', '_invalid_kms', '_invalid_kms_key'].map(
    (suffix): CustodianMapping => ({
      recording: `test_eks_associate_encryption_config${suffix}`,
      collector: 'aws-eks-cluster',
      check: 'aws-eks-cluster-secrets-encrypted',
      counts: 'fail',
      why: 'encryptionConfig[].provider.keyArn absent: secrets not envelope-encrypted',
    }),
  ),
  // DynamoDB
  {
    recording: 'test_dynamodb_continuous_backup_filter',
    collector: 'aws-dynamodb-table',
    check: 'aws-dynamodb-table-point-in-time-recovery',
    counts: 'fail',
    why: 'PointInTimeRecoveryStatus: DISABLED',
  },
  {
    recording: 'test_dynamodb_continuous_backup_action',
    collector: 'aws-dynamodb-table',
    check: 'aws-dynamodb-table-point-in-time-recovery',
    counts: 'fail',
    why: 'PointInTimeRecoveryStatus != ENABLED',
  },
  // CloudTrail, CloudFront
  {
    recording: 'test_cloudtrail_status',
    collector: 'aws-cloudtrail-trail',
    check: 'aws-cloudtrail-trail-logging',
    counts: 'pass',
    why: 'status IsLogging: true (the good state: counted as passes)',
  },
  {
    recording: 'test_distrbution_disable',
    collector: 'aws-cloudfront-distribution',
    check: 'aws-cloudfront-distribution-https-only',
    counts: 'fail',
    why: 'DefaultCacheBehavior.ViewerProtocolPolicy: allow-all',
  },
  {
    recording: 'test_distribution_check_logging_enabled',
    collector: 'aws-cloudfront-distribution',
    check: 'aws-cloudfront-distribution-logging-enabled',
    counts: 'pass',
    why: 'distribution-config Logging.Enabled: true (the good state: counted as passes)',
  },
];

export function custodianRows(): CustodianRow[] {
  return JSON.parse(readFileSync(join(PLACEBO, '..', 'expected_results.json'), 'utf8')) as CustodianRow[];
}
