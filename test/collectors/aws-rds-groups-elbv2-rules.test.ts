import * as elbsdk from '@aws-sdk/client-elastic-load-balancing-v2';
import * as rdssdk from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import listenerRule from '../../src/providers/aws/services/elbv2/aws-elbv2-listener-rule.collector.js';
import clusterParameterGroup from '../../src/providers/aws/services/rds/aws-rds-db-cluster-parameter-group.collector.js';
import cluster from '../../src/providers/aws/services/rds/aws-rds-db-cluster.collector.js';
import parameterGroup from '../../src/providers/aws/services/rds/aws-rds-db-parameter-group.collector.js';
import subnetGroup from '../../src/providers/aws/services/rds/aws-rds-db-subnet-group.collector.js';
import { awsError, collect, replay, testContext } from '../support/aws-replay.js';

const rds = mockClient(rdssdk.RDSClient);
const elb = mockClient(elbsdk.ElasticLoadBalancingV2Client);
afterEach(() => {
  rds.reset();
  elb.reset();
});

describe('RDS subnet and parameter groups, ELBv2 listener rules', () => {
  it('RDS subnet groups from a recording, with their subnets and VPC as edges', async () => {
    replay(rds, rdssdk, 'test_rdscluster_subnet', 'rds');
    const { resources, edges } = await collect(subnetGroup, testContext({ account: '644160558196', region: 'us-west-2' }));
    expect(resources.map((r) => r.id)).toEqual(['arn:aws:rds:us-west-2:644160558196:subgrp:default']);
    expect(edges.filter((e) => e.kind === 'in-subnet')).toHaveLength(3);
    expect(edges.filter((e) => e.kind === 'in-vpc').map((e) => e.to)).toEqual(['arn:aws:ec2:us-west-2:644160558196:vpc/vpc-4a9ff72e']);
  });

  it('RDS subnet groups: a targeted refresh by ARN asks for that name; a deleted group yields nothing', async () => {
    rds.on(rdssdk.DescribeDBSubnetGroupsCommand, { DBSubnetGroupName: 'db-private' }).resolves({
      DBSubnetGroups: [{ DBSubnetGroupName: 'db-private', VpcId: 'vpc-1', Subnets: [] }],
    });
    rds.on(rdssdk.DescribeDBSubnetGroupsCommand, { DBSubnetGroupName: 'gone' }).rejects(awsError('DBSubnetGroupNotFoundFault', 'not found', 404));
    const { resources } = await collect(subnetGroup, testContext(), {
      refresh: ['arn:aws:rds:us-east-1:123456789012:subgrp:db-private', 'gone'],
    });
    expect(resources.map((r) => r.name)).toEqual(['db-private']);
  });

  it('RDS parameter groups from a recording keep only security-relevant parameters', async () => {
    replay(rds, rdssdk, 'test_rdsparamgroup_param_value_filter', 'rds');
    const { resources } = await collect(parameterGroup, testContext({ account: '123456789012' }));
    expect(resources.map((r) => [r.name, r.config.DBParameterGroupFamily])).toEqual([
      ['default.aurora5.6', 'aurora5.6'],
      ['default.mysql5.7', 'mysql5.7'],
      ['test', 'mysql5.5'],
    ]);
    // The recording holds one parameter (tls_version) per group, in order.
    expect(resources.map((r) => r.config.parameters)).toEqual([{ tls_version: 'TLSv1.2' }, { tls_version: 'TLSv1' }, { tls_version: 'TLSv1.1' }]);
  });

  it('RDS parameter groups page through every parameter, dropping the irrelevant ones; unset means null', async () => {
    rds.on(rdssdk.DescribeDBParameterGroupsCommand).resolves({ DBParameterGroups: [{ DBParameterGroupName: 'pg15', DBParameterGroupFamily: 'postgres15' }] });
    rds
      .on(rdssdk.DescribeDBParametersCommand)
      .resolvesOnce({
        Parameters: [
          { ParameterName: 'rds.force_ssl', ParameterValue: '0', Source: 'user' },
          { ParameterName: 'work_mem', ParameterValue: '4096' },
        ],
        Marker: 'm1',
      })
      .resolvesOnce({ Parameters: [{ ParameterName: 'log_connections' }, { ParameterName: 'pgaudit.log', ParameterValue: 'ddl,role' }] });
    const { resources } = await collect(parameterGroup, testContext());
    expect(resources[0]!.config.parameters).toEqual({ log_connections: null, 'pgaudit.log': 'ddl,role', 'rds.force_ssl': '0' });
    // Both pages were read (the paginator reuses one input object, so the calls cannot be told apart by Marker).
    expect(rds.commandCalls(rdssdk.DescribeDBParametersCommand)).toHaveLength(2);
  });

  it('RDS parameter groups: a denied DescribeDBParameters keeps the group and records why', async () => {
    rds.on(rdssdk.DescribeDBParameterGroupsCommand).resolves({ DBParameterGroups: [{ DBParameterGroupName: 'pg15', DBParameterGroupFamily: 'postgres15' }] });
    rds.on(rdssdk.DescribeDBParametersCommand).rejects(awsError('AccessDenied', 'denied', 403));
    const { resources } = await collect(parameterGroup, testContext());
    expect(resources[0]!.config._errors).toEqual({ parameters: 'access-denied' });
  });

  it('RDS cluster parameter groups from a recording keep only security-relevant parameters', async () => {
    replay(rds, rdssdk, 'test_rdsclusterparamgroup_param_value_filter', 'rds');
    const { resources } = await collect(clusterParameterGroup, testContext({ account: '123456789012' }));
    // This (older, hand-edited) recording writes the ARNs with `pg:`; the API's own ARN is kept as it comes.
    expect(resources.map((r) => [r.id, r.name, r.config.DBParameterGroupFamily])).toEqual([
      ['arn:aws:rds:us-east-1:123456789012:pg:default.aurora5.6', 'default.aurora5.6', 'aurora5.6'],
      ['arn:aws:rds:us-east-1:123456789012:pg:default.mysql5.7', 'default.mysql5.7', 'mysql5.7'],
      ['arn:aws:rds:us-east-1:123456789012:pg:test', 'test', 'mysql5.5'],
    ]);
    // One DescribeDBClusterParameters answer per group, in order, each holding only tls_version.
    expect(resources.map((r) => r.config.parameters)).toEqual([{ tls_version: 'TLSv1.2' }, { tls_version: 'TLSv1' }, { tls_version: 'TLSv1.1' }]);
    expect(rds.commandCalls(rdssdk.DescribeDBClusterParametersCommand).map((c) => c.args[0].input.DBClusterParameterGroupName)).toEqual([
      'default.aurora5.6',
      'default.mysql5.7',
      'test',
    ]);
  });

  it('RDS clusters point at their cluster parameter group and subnet group, by the ids those collectors give them', async () => {
    replay(rds, rdssdk, 'test_rdsclusterparamgroup_unused', 'rds');
    const ctx = testContext({ account: '644160558196' });
    const groups = await collect(clusterParameterGroup, ctx);
    expect(groups.resources.map((r) => r.id)).toEqual([
      'arn:aws:rds:us-east-1:644160558196:cluster-pg:default.aurora-mysql8.0',
      'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-used',
      'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-orphan',
    ]);
    const { edges } = await collect(cluster, ctx);
    const used = edges.find((e) => e.kind === 'uses-parameter-group');
    expect(used).toEqual({
      from: 'arn:aws:rds:us-east-1:644160558196:cluster:mycluster',
      kind: 'uses-parameter-group',
      to: 'arn:aws:rds:us-east-1:644160558196:cluster-pg:custom-cluster-pg-used',
    });
    expect(groups.resources.map((r) => r.id)).toContain(used?.to);
    expect(edges.filter((e) => e.kind === 'in-subnet-group').map((e) => e.to)).toEqual(['arn:aws:rds:us-east-1:644160558196:subgrp:default']);
  });

  it('RDS cluster parameter groups: refresh by ARN or name asks for that name; a deleted group yields nothing', async () => {
    rds.on(rdssdk.DescribeDBClusterParameterGroupsCommand, { DBClusterParameterGroupName: 'aurora-tls' }).resolves({
      DBClusterParameterGroups: [{ DBClusterParameterGroupName: 'aurora-tls', DBParameterGroupFamily: 'aurora-mysql8.0' }],
    });
    rds
      .on(rdssdk.DescribeDBClusterParameterGroupsCommand, { DBClusterParameterGroupName: 'gone' })
      .rejects(awsError('DBParameterGroupNotFoundFault', 'DBClusterParameterGroup not found: gone', 404));
    rds.on(rdssdk.DescribeDBClusterParametersCommand).resolves({ Parameters: [{ ParameterName: 'require_secure_transport', ParameterValue: 'ON' }] });
    const { resources } = await collect(clusterParameterGroup, testContext(), {
      refresh: ['arn:aws:rds:us-east-1:123456789012:cluster-pg:aurora-tls', 'gone', 'arn:aws:rds:us-east-1:123456789012:cluster:not-a-group'],
    });
    expect(resources.map((r) => [r.id, r.config.parameters])).toEqual([
      ['arn:aws:rds:us-east-1:123456789012:cluster-pg:aurora-tls', { require_secure_transport: 'ON' }],
    ]);
    // The cluster ARN (a tag event on the cluster) was not taken for a group name.
    expect(rds.commandCalls(rdssdk.DescribeDBClusterParameterGroupsCommand)).toHaveLength(2);
  });

  const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
  const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2';
  const rule = (id: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/${id}`;

  it('ELBv2 listener rules of application load balancers only, with their target groups and load balancer', async () => {
    elb.on(elbsdk.DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        { LoadBalancerArn: ALB, Type: 'application', LoadBalancerName: 'web' },
        { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/1', Type: 'network', LoadBalancerName: 'nlb' },
      ],
    });
    elb.on(elbsdk.DescribeListenersCommand, { LoadBalancerArn: ALB }).resolves({ Listeners: [{ ListenerArn: LISTENER, Protocol: 'HTTPS', Port: 443 }] });
    elb
      .on(elbsdk.DescribeRulesCommand, { ListenerArn: LISTENER })
      .resolvesOnce({
        Rules: [
          {
            RuleArn: rule('r1'),
            Priority: '1',
            IsDefault: false,
            Conditions: [{ Field: 'path-pattern', Values: ['/admin/*'] }],
            Actions: [
              { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { Issuer: 'https://idp.example.com', ClientId: 'c' } as never },
              { Type: 'forward', Order: 2, TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/admin/1' },
            ],
          },
        ],
        NextMarker: 'n1',
      })
      .resolvesOnce({ Rules: [{ RuleArn: rule('default'), Priority: 'default', IsDefault: true, Actions: [{ Type: 'fixed-response' }] }] });
    const { resources, edges } = await collect(listenerRule, testContext());
    expect(resources.map((r) => r.id)).toEqual([rule('r1'), rule('default')]);
    expect(resources[0]!.config).toMatchObject({ ListenerArn: LISTENER, LoadBalancerArn: ALB, Priority: '1' });
    expect(edges).toContainEqual({ from: rule('r1'), kind: 'forwards-to', to: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/admin/1' });
    expect(edges.filter((e) => e.kind === 'member-of').map((e) => e.to)).toEqual([ALB, ALB]);
    // The network load balancer's listeners were never asked for.
    expect(elb.commandCalls(elbsdk.DescribeListenersCommand)).toHaveLength(1);
  });

  it('ELBv2 listener rules: refresh asks per rule ARN and skips a deleted rule', async () => {
    elb.on(elbsdk.DescribeRulesCommand, { RuleArns: [rule('r1')] }).resolves({ Rules: [{ RuleArn: rule('r1'), Priority: '5', Actions: [] }] });
    elb.on(elbsdk.DescribeRulesCommand, { RuleArns: [rule('gone')] }).rejects(awsError('RuleNotFound', 'One or more rules not found', 400));
    const { resources } = await collect(listenerRule, testContext(), { refresh: [rule('r1'), rule('gone'), LISTENER] });
    expect(resources.map((r) => r.config.Priority)).toEqual(['5']);
    expect(elb.commandCalls(elbsdk.DescribeRulesCommand)).toHaveLength(2);
  });
});
