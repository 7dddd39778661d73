import { describe, expect, it } from 'vitest';
import { defineCollector } from '../../core/units/collector.js';
import { buildIamPolicy, cloudFormationRole, terraformRole } from './iam-policy.js';

const c = (id: string, permissions: string[], hydrate: string[] = []) =>
  defineCollector<unknown>({
    id,
    resourceType: 'aws.x.y',
    provider: 'aws',
    service: 'x',
    scope: 'regional',
    title: id,
    permissions,
    hydrate: Object.fromEntries(hydrate.map((p, i) => [`h${i}`, { permissions: [p], fetch: async () => null }])),
    async *list() {},
    toResource: () => {
      throw new Error('unused');
    },
    fixtures: [],
  });

describe('iam-policy', () => {
  const r = buildIamPolicy([
    c('a', ['s3:ListAllMyBuckets'], ['s3:GetBucketPolicy', 'iam:GenerateCredentialReport']),
    c('b', ['s3:ListAllMyBuckets', 'ec2:DescribeInstances', 'ec2:TerminateInstances']),
  ]);

  it('is the union of list and hydrator permissions plus the provider’s, one statement per service', () => {
    expect(r.actions).toContain('s3:GetBucketPolicy');
    expect(r.actions).toContain('sts:GetCallerIdentity');
    expect(r.actions.filter((a) => a === 's3:ListAllMyBuckets')).toHaveLength(1);
    expect(r.policy.Statement.map((s) => s.Sid)).toEqual(['ReadEc2', 'ReadIam', 'ReadOrganizations', 'ReadS3', 'ReadSts']);
    expect(r.byService.s3).toEqual(['a', 'b']);
  });

  it('flags declared actions that are not read-only', () => {
    expect(r.suspicious).toEqual(['ec2:TerminateInstances']);
  });

  it('renders the role as CloudFormation and Terraform with the external id condition', () => {
    const cfn = JSON.parse(cloudFormationRole(r.policy, { roleName: 'SkywatchAudit', trustedAccount: '111111111111', externalId: 'x-1' }));
    const role = cfn.Resources.SkywatchDiscoveryRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } },
    });
    expect(role.Policies[0].PolicyDocument).toEqual(r.policy);
    const tf = terraformRole(r.policy, { roleName: 'SkywatchAudit', trustedAccount: '111111111111' });
    expect(tf).toContain('resource "aws_iam_role" "skywatch_discovery"');
    expect(tf).toContain('"s3:GetBucketPolicy",');
    expect(tf).not.toContain('ExternalId');
  });
});
