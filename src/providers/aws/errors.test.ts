import { describe, expect, it } from 'vitest';
import { classifyAwsError, describeAwsError, isNotFound } from './errors.js';
import { arn, homeRegion, parseArn, partitionOf, roleArn } from './partition.js';

function sdkError(name: string, status?: number, message = `${name} happened`): Error {
  const e = new Error(message) as Error & { $metadata: { httpStatusCode?: number } };
  e.name = name;
  e.$metadata = status === undefined ? {} : { httpStatusCode: status };
  return e;
}

describe('classifyAwsError', () => {
  it.each([
    ['AccessDenied', 403, 'access-denied'],
    ['AccessDeniedException', 400, 'access-denied'],
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['OptInRequired', 403, 'region-disabled'],
    ['UnrecognizedClientException', 400, 'region-disabled'],
    ['InvalidClientTokenId', 403, 'region-disabled'],
    ['UnknownOperationException', 400, 'unsupported'],
    ['UnsupportedOperation', 400, 'unsupported'],
    ['Throttling', 400, 'throttled'],
    ['ThrottlingException', 400, 'throttled'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['ExpiredToken', 400, 'expired-credentials'],
    ['ExpiredTokenException', 400, 'expired-credentials'],
    ['InternalError', 500, 'error'],
  ] as const)('%s → %s', (name, status, kind) => {
    expect(classifyAwsError(sdkError(name, status))).toBe(kind);
  });

  it('treats a bare 404 from an endpoint as unsupported, but a NotFound code is not', () => {
    expect(classifyAwsError(sdkError('UnknownError', 404))).toBe('unsupported');
    expect(classifyAwsError(sdkError('NoSuchBucketPolicy', 404))).toBe('error');
  });

  it('recognises deserialisation failures as malformed responses', () => {
    const e = sdkError('SyntaxError', 200, 'Unexpected token < in JSON at position 0');
    expect(classifyAwsError(e)).toBe('malformed-response');
    expect(classifyAwsError(new Error('Deserialization error: to see the raw response, inspect the hidden field {error}.$response'))).toBe(
      'malformed-response',
    );
  });

  it('never throws on odd values', () => {
    expect(classifyAwsError(undefined)).toBe('error');
    expect(classifyAwsError('boom')).toBe('error');
    expect(classifyAwsError({ Code: 'AccessDenied' })).toBe('access-denied');
  });
});

describe('isNotFound', () => {
  it.each([
    'NoSuchBucketPolicy',
    'NoSuchEntity',
    'ResourceNotFoundException',
    'ServerSideEncryptionConfigurationNotFoundError',
    'InvalidGroup.NotFound',
    'NoSuchPublicAccessBlockConfiguration',
  ])('%s is not-found', (name) => expect(isNotFound(sdkError(name, 404))).toBe(true));
  it.each(['AccessDenied', 'ThrottlingException', 'InternalError'])('%s is not', (name) => expect(isNotFound(sdkError(name, 400))).toBe(false));
});

describe('describeAwsError', () => {
  it('prefixes the code', () => {
    expect(describeAwsError(sdkError('AccessDenied', 403, 'User x is not authorized'))).toBe('AccessDenied: User x is not authorized');
  });
});

describe('partitions', () => {
  it('maps regions to partitions and home regions', () => {
    expect(partitionOf('eu-west-1')).toBe('aws');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(homeRegion('aws-cn')).toBe('cn-north-1');
    expect(homeRegion('aws')).toBe('us-east-1');
  });
  it('builds and parses ARNs', () => {
    const a = arn('aws-us-gov', 'ec2', 'us-gov-west-1', '111122223333', 'instance/i-1');
    expect(a).toBe('arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/i-1');
    expect(parseArn(a)).toEqual({ partition: 'aws-us-gov', service: 'ec2', region: 'us-gov-west-1', account: '111122223333', resource: 'instance/i-1' });
    expect(parseArn('arn:aws:s3:::bucket:with:colons')?.resource).toBe('bucket:with:colons');
    expect(roleArn('aws-cn', '123456789012', 'SkywatchAudit')).toBe('arn:aws-cn:iam::123456789012:role/SkywatchAudit');
    expect(roleArn('aws', '123456789012', 'arn:aws:iam::1:role/x')).toBe('arn:aws:iam::1:role/x');
  });
});
