import type { AlertPayload } from '../../core/units/integration.js';

/** AWS Security Finding Format (2018-10-08) for one alert: what Security Hub's BatchImportFindings takes. */
const TYPES: Record<string, string> = {
  'aws.ec2.security-group': 'AwsEc2SecurityGroup',
  'aws.ec2.instance': 'AwsEc2Instance',
  'aws.ec2.network-interface': 'AwsEc2NetworkInterface',
  'aws.ec2.volume': 'AwsEc2Volume',
  'aws.ec2.snapshot': 'Other',
  'aws.s3.bucket': 'AwsS3Bucket',
  'aws.rds.db-instance': 'AwsRdsDbInstance',
  'aws.iam.user': 'AwsIamUser',
  'aws.iam.role': 'AwsIamRole',
  'aws.iam.access-key': 'AwsIamAccessKey',
  'aws.lambda.function': 'AwsLambdaFunction',
  'aws.kms.key': 'AwsKmsKey',
  'aws.cloudtrail.trail': 'AwsCloudTrailTrail',
};

const LABEL: Record<string, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };

export function asffType(resourceType: string): string {
  return TYPES[resourceType] ?? 'Other';
}

export function toAsff(a: AlertPayload, opts: { accountId: string; region: string; productArn?: string }): Record<string, unknown> {
  const productArn = opts.productArn ?? `arn:aws:securityhub:${opts.region}:${opts.accountId}:product/${opts.accountId}/default`;
  const resolved = a.status === 'resolved';
  const account = a.resources[0]?.account && /^\d{12}$/.test(a.resources[0].account) ? a.resources[0].account : opts.accountId;
  return {
    SchemaVersion: '2018-10-08',
    Id: `skywatch/${a.dedupKey}`,
    ProductArn: productArn,
    GeneratorId: `skywatch/${a.findings[0]?.ruleId ?? 'alert'}`,
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    FirstObservedAt: a.firstSeen,
    LastObservedAt: a.lastSeen,
    CreatedAt: a.firstSeen,
    UpdatedAt: a.lastSeen > a.firstSeen ? a.lastSeen : a.firstSeen,
    Severity: { Label: LABEL[a.severity] ?? 'MEDIUM', Normalized: a.riskScore, Original: String(a.riskScore) },
    Title: a.title.slice(0, 256),
    Description: (a.factors.join('; ') || a.title).slice(0, 1024),
    ...(a.url && { SourceUrl: a.url }),
    ProductFields: { 'skywatch/alertId': a.id, 'skywatch/owner': a.owner?.name ?? '', 'skywatch/findings': String(a.findings.length) },
    Resources: (a.resources.length ? a.resources : [{ id: `AWS::::Account:${account}`, type: 'aws.account', region: opts.region, account, name: account }])
      .slice(0, 32)
      .map((r) => ({
        Type: r.type === 'aws.account' ? 'AwsAccount' : asffType(r.type),
        Id: r.id,
        Partition: r.id.startsWith('arn:aws-us-gov') ? 'aws-us-gov' : r.id.startsWith('arn:aws-cn') ? 'aws-cn' : 'aws',
        Region: r.region && r.region !== 'global' ? r.region : opts.region,
      })),
    Workflow: { Status: resolved ? 'RESOLVED' : a.status === 'acknowledged' ? 'NOTIFIED' : 'NEW' },
    RecordState: resolved ? 'ARCHIVED' : 'ACTIVE',
  };
}
