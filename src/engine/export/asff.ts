import type { Finding } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { type ExportContext, describe, partitionOf } from './common.js';

const LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };
const WORKFLOW: Record<Finding['status'], string> = { open: 'NEW', suppressed: 'SUPPRESSED', resolved: 'RESOLVED' };
const TYPES: Record<Finding['source'], string> = {
  config: 'Software and Configuration Checks/Industry and Regulatory Standards',
  vulnerability: 'Software and Configuration Checks/Vulnerabilities/CVE',
  activity: 'Unusual Behaviors/User',
  network: 'TTPs/Command and Control',
};

/** Skywatch resource types → ASFF resource types; anything else is `Other`. */
const RESOURCE_TYPES: Record<string, string> = {
  'aws.s3.bucket': 'AwsS3Bucket',
  'aws.ec2.instance': 'AwsEc2Instance',
  'aws.ec2.security-group': 'AwsEc2SecurityGroup',
  'aws.ec2.volume': 'AwsEc2Volume',
  'aws.ec2.vpc': 'AwsEc2Vpc',
  'aws.ec2.subnet': 'AwsEc2Subnet',
  'aws.ec2.network-interface': 'AwsEc2NetworkInterface',
  'aws.ec2.network-acl': 'AwsEc2NetworkAcl',
  'aws.ec2.elastic-ip': 'AwsEc2Eip',
  'aws.ec2.launch-template': 'AwsEc2LaunchTemplate',
  'aws.iam.user': 'AwsIamUser',
  'aws.iam.role': 'AwsIamRole',
  'aws.iam.group': 'AwsIamGroup',
  'aws.iam.policy': 'AwsIamPolicy',
  'aws.rds.db-instance': 'AwsRdsDbInstance',
  'aws.rds.db-cluster': 'AwsRdsDbCluster',
  'aws.rds.db-snapshot': 'AwsRdsDbSnapshot',
  'aws.rds.db-cluster-snapshot': 'AwsRdsDbClusterSnapshot',
  'aws.lambda.function': 'AwsLambdaFunction',
  'aws.kms.key': 'AwsKmsKey',
  'aws.sqs.queue': 'AwsSqsQueue',
  'aws.sns.topic': 'AwsSnsTopic',
  'aws.cloudtrail.trail': 'AwsCloudTrailTrail',
  'aws.dynamodb.table': 'AwsDynamoDbTable',
  'aws.eks.cluster': 'AwsEksCluster',
  'aws.ecr.repository': 'AwsEcrRepository',
  'aws.ecs.cluster': 'AwsEcsCluster',
  'aws.ecs.service': 'AwsEcsService',
  'aws.ecs.task-definition': 'AwsEcsTaskDefinition',
  'aws.elb.load-balancer': 'AwsElbLoadBalancer',
  'aws.elbv2.load-balancer': 'AwsElbv2LoadBalancer',
  'aws.cloudfront.distribution': 'AwsCloudFrontDistribution',
  'aws.secretsmanager.secret': 'AwsSecretsManagerSecret',
  'aws.apigateway.rest-api': 'AwsApiGatewayRestApi',
  'aws.apigatewayv2.api': 'AwsApiGatewayV2Api',
  'aws.efs.file-system': 'AwsEfsAccessPoint',
  'aws.wafv2.web-acl': 'AwsWafv2WebAcl',
  'aws.ssm.document': 'AwsSsmDocument',
  'aws.logs.log-group': 'Other',
};

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * One finding in the AWS Security Finding Format (schema 2018-10-08), ready for Security Hub
 * `BatchImportFindings`. The product ARN is the account's own default product.
 */
export function toAsff(f: Finding, ctx: ExportContext): Record<string, unknown> {
  const account = f.account ?? '000000000000';
  const region = f.region && f.region !== 'global' ? f.region : 'us-east-1';
  const partition = partitionOf(f.resourceId);
  const info = ctx.rules?.(f.ruleId);
  const out: Record<string, unknown> = {
    SchemaVersion: '2018-10-08',
    Id: f.id,
    ProductArn: `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`,
    GeneratorId: f.ruleId,
    AwsAccountId: account,
    Types: [TYPES[f.source]],
    CreatedAt: f.firstSeen,
    UpdatedAt: f.lastSeen,
    FirstObservedAt: f.firstSeen,
    LastObservedAt: f.lastSeen,
    Severity: { Label: LABEL[f.severity], Original: f.severity },
    Title: cut(f.title, 256),
    Description: cut(describe(f, info), 1024),
    ProductName: 'Skywatch',
    CompanyName: 'Skywatch',
    Region: region,
    Resources: [
      {
        Type: (f.resourceType && RESOURCE_TYPES[f.resourceType]) ?? 'Other',
        Id: f.resourceId ?? `account/${account}`,
        Partition: partition,
        Region: region,
      },
    ],
    Workflow: { Status: WORKFLOW[f.status] },
    RecordState: f.status === 'resolved' ? 'ARCHIVED' : 'ACTIVE',
    ProductFields: { 'skywatch/source': f.source, 'skywatch/dedupKey': f.dedupKey, ...(f.resourceType && { 'skywatch/resourceType': f.resourceType }) },
  };
  if (f.source === 'config')
    out.Compliance = {
      Status: f.status === 'resolved' ? 'PASSED' : 'FAILED',
      ...(f.compliance.length && { RelatedRequirements: f.compliance.slice(0, 32).map((c) => `${c.framework} ${c.control}`) }),
    };
  if (info?.remediation) out.Remediation = { Recommendation: { Text: cut(info.remediation, 512) } };
  if (f.attack.length) out.ProductFields = { ...(out.ProductFields as object), 'skywatch/attack': f.attack.join(',') };
  return out;
}

export function toAsffAll(findings: readonly Finding[], ctx: ExportContext): Record<string, unknown>[] {
  return findings.map((f) => toAsff(f, ctx));
}
