import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../src/core/resource.js';
import { loadUnits } from '../../src/engine/units.js';
import { type CollectedAll, collect, replay, testContext } from '../support/aws-replay.js';

/**
 * Every other service over a real Cloud Custodian recording: the real `list` and hydrators run
 * against recorded AWS answers, and what comes out is checked against what the recording holds.
 */
interface Case {
  collector: string;
  sdk: string;
  client: string;
  recording: string;
  prefix: string;
  wanted?: string[];
  region?: string;
  count: number;
  first: string;
  check?: (out: CollectedAll, r: ResourceRecord[]) => void;
}

const cfg = (r: ResourceRecord) => r.config as Record<string, any>;

const CASES: Case[] = [
  {
    collector: 'aws-sns-topic',
    sdk: '@aws-sdk/client-sns',
    client: 'SNSClient',
    recording: 'test_cross_account_sns',
    prefix: 'sns',
    wanted: ['none'],
    region: 'us-west-2',
    count: 2,
    first: 'arn:aws:sns:us-west-2:644160558196:c7n-cross-check',
    check: (_o, [t]) => expect(cfg(t!).Policy.Statement[0].Principal).toBe('*'),
  },
  {
    collector: 'aws-sqs-queue',
    sdk: '@aws-sdk/client-sqs',
    client: 'SQSClient',
    recording: 'test_cross_account_sqs',
    prefix: 'sqs',
    wanted: ['none'],
    region: 'us-west-2',
    count: 1,
    first: 'arn:aws:sqs:us-west-2:644160558196:c7n-cross-check',
    check: (_o, [q]) => expect(typeof cfg(q!).Policy).toBe('object'),
  },
  {
    collector: 'aws-ecr-repository',
    sdk: '@aws-sdk/client-ecr',
    client: 'ECRClient',
    recording: 'test_ecr_image_query',
    prefix: 'api.ecr',
    wanted: ['images'],
    count: 1,
    first: 'arn:aws:ecr:us-east-1:111111111111:repository/c7n-test',
    check: (_o, [r]) => expect(Array.isArray(cfg(r!).images)).toBe(true),
  },
  {
    collector: 'aws-eks-cluster',
    sdk: '@aws-sdk/client-eks',
    client: 'EKSClient',
    recording: 'test_eks_addon_health',
    prefix: 'eks',
    wanted: ['none'],
    count: 2,
    first: 'arn:aws:eks:us-east-1:644160558196:cluster/serious-bluegrass-ladybug',
    check: (o) => expect(o.edges.some((e) => e.kind === 'in-subnet')).toBe(true),
  },
  {
    collector: 'aws-elbv2-load-balancer',
    sdk: '@aws-sdk/client-elastic-load-balancing-v2',
    client: 'ElasticLoadBalancingV2Client',
    recording: 'test_appelb_default_vpc',
    prefix: 'elasticloadbalancing',
    wanted: ['none'],
    region: 'us-west-2',
    count: 2,
    first: 'arn:aws:elasticloadbalancing:us-west-2:644160558196:loadbalancer/app/alb-1/1e0ac88a139a5177',
    check: (o) => expect(o.edges.some((e) => e.kind === 'uses-security-group')).toBe(true),
  },
  {
    collector: 'aws-elbv2-target-group',
    sdk: '@aws-sdk/client-elastic-load-balancing-v2',
    client: 'ElasticLoadBalancingV2Client',
    recording: 'test_appelb_instance_count_non_zero',
    prefix: 'elasticloadbalancing',
    wanted: ['targets'],
    region: 'us-west-2',
    count: 2,
    first: 'arn:aws:elasticloadbalancing:us-west-2:644160558196:targetgroup/target-group-1/f9e509bf6804a101',
    check: (_o, rs) => expect(rs.every((r) => Array.isArray(cfg(r).targets))).toBe(true),
  },
  {
    collector: 'aws-config-recorder',
    sdk: '@aws-sdk/client-config-service',
    client: 'ConfigServiceClient',
    recording: 'test_config_recorder',
    prefix: 'config',
    count: 1,
    first: 'arn:aws:config:us-east-1:644160558196:configuration-recorder/default',
  },
  {
    collector: 'aws-guardduty-detector',
    sdk: '@aws-sdk/client-guardduty',
    client: 'GuardDutyClient',
    recording: 'test_account_guard_duty_filter',
    prefix: 'guardduty',
    wanted: ['none'],
    count: 1,
    first: 'arn:aws:guardduty:us-east-1:644160558196:detector/06b01209ca77b0865dd973df0355fc1e',
    check: (_o, [d]) => expect(cfg(d!).Status).toBe('ENABLED'),
  },
  {
    collector: 'aws-dynamodb-table',
    sdk: '@aws-sdk/client-dynamodb',
    client: 'DynamoDBClient',
    recording: 'test_dynamodb_continuous_backup_action',
    prefix: 'dynamodb',
    wanted: ['continuousBackups'],
    count: 1,
    first: 'arn:aws:dynamodb:us-east-1:644160558196:table/mosdef2-DDBTable-VV01OCO2TJ72',
    check: (_o, [t]) => expect(cfg(t!).continuousBackups).toHaveProperty('ContinuousBackupsStatus'),
  },
  {
    collector: 'aws-secretsmanager-secret',
    sdk: '@aws-sdk/client-secrets-manager',
    client: 'SecretsManagerClient',
    recording: 'test_secrets_manager_cross_account',
    prefix: 'secretsmanager',
    wanted: ['policy'],
    count: 2,
    first: 'arn:aws:secretsmanager:us-east-1:644160558196:secret:c7n-test-key-XTUSpD',
    check: (_o, rs) => expect(rs.some((r) => cfg(r).policy && typeof cfg(r).policy === 'object')).toBe(true),
  },
  {
    collector: 'aws-logs-log-group',
    sdk: '@aws-sdk/client-cloudwatch-logs',
    client: 'CloudWatchLogsClient',
    recording: 'test_log_group_kms_filter',
    prefix: 'logs',
    wanted: ['none'],
    count: 1,
    first: 'arn:aws:logs:us-east-1:123456789012:log-group:test',
    check: (o) => expect(o.edges.map((e) => e.kind)).toEqual(['encrypted-with']),
  },
  {
    collector: 'aws-cloudfront-distribution',
    sdk: '@aws-sdk/client-cloudfront',
    client: 'CloudFrontClient',
    recording: 'test_distribution_check_logging_enabled',
    prefix: 'cloudfront',
    wanted: ['config'],
    count: 1,
    first: 'arn:aws:cloudfront::123456789012:distribution/E1FBPN9VF9FG4X',
    check: (_o, [d]) => expect(d!.region).toBe('global'),
  },
  {
    collector: 'aws-apigateway-rest-api',
    sdk: '@aws-sdk/client-api-gateway',
    client: 'APIGatewayClient',
    recording: 'test_rest_api_delete',
    prefix: 'apigateway',
    wanted: ['none'],
    count: 2,
    first: 'arn:aws:apigateway:us-east-1::/restapis/6b1g7ewn9g',
  },
  {
    collector: 'aws-efs-file-system',
    sdk: '@aws-sdk/client-efs',
    client: 'EFSClient',
    recording: 'test_efs_subresource',
    prefix: 'elasticfilesystem',
    wanted: ['none'],
    count: 1,
    first: 'arn:aws:elasticfilesystem:us-east-1:644160558196:file-system/fs-e6268aaf',
  },
  {
    collector: 'aws-ssm-managed-instance',
    sdk: '@aws-sdk/client-ssm',
    client: 'SSMClient',
    recording: 'test_ssm_get_managed_instances',
    prefix: 'ssm',
    wanted: ['none'],
    count: 1,
    first: 'arn:aws:ssm:us-east-1:644160558196:managed-instance/mi-1111aa111aa11a111',
    // A hybrid node (mi-…) is not an EC2 instance: no `is` edge.
    check: (o) => expect(o.edges).toEqual([]),
  },
  {
    collector: 'aws-ssm-parameter',
    sdk: '@aws-sdk/client-ssm',
    client: 'SSMClient',
    recording: 'test_ssm_parameter_not_secure',
    prefix: 'ssm',
    count: 2,
    first: 'arn:aws:ssm:us-east-1:644160558196:parameter/test-name',
  },
  {
    collector: 'aws-ssm-document',
    sdk: '@aws-sdk/client-ssm',
    client: 'SSMClient',
    recording: 'test_get_ssm_documents_everyone_only',
    prefix: 'ssm',
    wanted: ['permissions'],
    count: 3,
    first: 'arn:aws:ssm:us-east-1:644160558196:document/Test-Document-1',
    check: (_o, rs) => expect(rs.some((r) => cfg(r).permissions.AccountIds.includes('all'))).toBe(true),
  },
  {
    collector: 'aws-ecs-cluster',
    sdk: '@aws-sdk/client-ecs',
    client: 'ECSClient',
    recording: 'test_ecs_cluster_tag_augment',
    prefix: 'ecs',
    count: 1,
    first: 'arn:aws:ecs:us-east-1:644160558196:cluster/Default',
  },
  {
    collector: 'aws-route53-hosted-zone',
    sdk: '@aws-sdk/client-route-53',
    client: 'Route53Client',
    recording: 'test_r53_resourcerecordset_remove',
    prefix: 'route53',
    count: 1,
    first: 'arn:aws:route53:::hostedzone/Z0703663WE3WTQ3FAPIF',
  },
  {
    collector: 'aws-wafv2-web-acl',
    sdk: '@aws-sdk/client-wafv2',
    client: 'WAFV2Client',
    recording: 'test_appelb_wafv2',
    prefix: 'wafv2',
    wanted: ['none'],
    count: 1,
    first: 'arn:aws:wafv2:us-east-1:1234567890:regional/webacl/testv2/791f9fc9-16bb-4d32-8f6a-b55e9b6f11c8',
  },
  {
    collector: 'aws-accessanalyzer-analyzer',
    sdk: '@aws-sdk/client-accessanalyzer',
    client: 'AccessAnalyzerClient',
    recording: 'test_account_access_analyzer_filter',
    prefix: 'access-analyzer',
    wanted: ['none'],
    count: 1,
    first: 'arn:aws:access-analyzer:us-east-1:0123456789012:analyzer/ConsoleAnalyzer-d534345f-499c-43bd-bbcc-dd637ab352d2',
  },
  {
    collector: 'aws-sfn-state-machine',
    sdk: '@aws-sdk/client-sfn',
    client: 'SFNClient',
    recording: 'test_sfn_resource',
    prefix: 'states',
    count: 3,
    first: 'arn:aws:states:us-east-1:644160558196:stateMachine:Helloworld',
    check: (o) => expect(o.edges.filter((e) => e.kind === 'has-role')).toHaveLength(3),
  },
  {
    collector: 'aws-eventbridge-rule',
    sdk: '@aws-sdk/client-eventbridge',
    client: 'EventBridgeClient',
    recording: 'test_cwe_rule_target_cross',
    prefix: 'events',
    wanted: ['targets'],
    region: 'us-west-1',
    count: 1,
    first: 'arn:aws:events:us-west-1:644160558196:rule/rule-1',
    check: (o) => expect(o.edges.map((e) => e.kind)).toEqual(['targets']),
  },
  {
    collector: 'aws-cloudwatch-alarm',
    sdk: '@aws-sdk/client-cloudwatch',
    client: 'CloudWatchClient',
    recording: 'test_alarm_tags_filter',
    prefix: 'monitoring',
    count: 1,
    first: 'arn:aws:cloudwatch:us-east-1:012345678910:alarm:c7n-test-alarm-tags-filter',
  },
  {
    collector: 'aws-route53resolver-query-log-config',
    sdk: '@aws-sdk/client-route53resolver',
    client: 'Route53ResolverClient',
    recording: 'test_resolver_query_log_config_vpc_filter',
    prefix: 'route53resolver',
    region: 'us-west-2',
    count: 1,
    first: 'arn:aws:route53resolver:us-west-2:123456789012:resolver-query-log-config/rqlc-fb017689395648d1',
    check: (o) => expect(o.edges.map((e) => e.kind)).toEqual(['logs']),
  },
  {
    collector: 'aws-sts-caller-identity',
    sdk: '@aws-sdk/client-sts',
    client: 'STSClient',
    recording: 'test_cw_synthetics_tag_filter',
    prefix: 'sts',
    count: 1,
    first: 'arn:aws:sts::644160558196:caller-identity',
    check: (_o, [r]) => expect(r!.name).toBe('arn:aws:iam::644160558196:user/cloud-custodian'),
  },
];

describe('collectors over recorded responses', () => {
  it.each(CASES.map((c) => [c.collector, c] as const))('%s', async (_id, c) => {
    const sdk = (await import(c.sdk)) as Record<string, unknown>;
    const mock = mockClient(sdk[c.client] as never);
    try {
      replay(mock, sdk, c.recording, c.prefix);
      const collector = loadUnits().collectors.find((x) => x.id === c.collector)!;
      const out = await collect(collector, testContext({ account: '644160558196', wanted: c.wanted ?? [], region: c.region }));
      expect(out.resources).toHaveLength(c.count);
      expect(out.resources[0]!.id).toBe(c.first);
      for (const r of out.resources) expect(r.config._errors).toBeUndefined();
      c.check?.(out, out.resources);
    } finally {
      mock.restore();
    }
  });
});
