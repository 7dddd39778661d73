/** AWS partitions: which ARN prefix and home region a region belongs to. */
export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-iso' | 'aws-iso-b';

export function partitionOf(region: string): Partition {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** Where a partition's global services (IAM, Organizations, Route 53, CloudFront) answer. */
export function homeRegion(partition: string): string {
  switch (partition) {
    case 'aws-us-gov':
      return 'us-gov-west-1';
    case 'aws-cn':
      return 'cn-north-1';
    case 'aws-iso':
      return 'us-iso-east-1';
    case 'aws-iso-b':
      return 'us-isob-east-1';
    default:
      return 'us-east-1';
  }
}

/**
 * An ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. Global services leave region
 * (IAM, S3) or account (S3) empty; pass '' for those.
 */
export function arn(partition: string, service: string, region: string, account: string, resource: string): string {
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(text: string): ParsedArn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1] ?? '',
    service: parts[2] ?? '',
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}

/** The role ARN to assume in a member account, in the partition of the caller's credentials. */
export function roleArn(partition: string, account: string, roleName: string): string {
  if (roleName.startsWith('arn:')) return roleName;
  const path = roleName.includes('/') ? roleName.replace(/^\/+/, '') : roleName;
  return arn(partition, 'iam', '', account, `role/${path}`);
}
