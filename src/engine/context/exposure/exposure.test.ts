import { describe, expect, it } from 'vitest';
import { type EdgeRecord, type ResourceRecord, memoryGraph } from '../../../core/resource.js';
import { type ExposureResult, analyseExposure } from './analyse.js';
import { explainExposure } from './index.js';
import { ALLOW_ALL_ENTRIES, igw, instance, nacl, nlb, rec, routeTable, sg, subnet, tcp, vpc } from './fixtures.js';
import { cidrContains, isInternetCidr } from './ports.js';

function run(resources: ResourceRecord[], edges: EdgeRecord[] = []): Map<string, ExposureResult> {
  return new Map(analyseExposure(memoryGraph(resources, edges), resources).map((r) => [r.resourceId.split('/').pop() as string, r]));
}

const base = () => [
  vpc(),
  igw(),
  subnet('subnet-pub'),
  subnet('subnet-priv'),
  routeTable('rtb-pub', { subnets: ['subnet-pub'], routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] }),
  routeTable('rtb-main', { main: true, routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] }),
  nacl('acl-default', { isDefault: true }),
];
const ports = (r: ExposureResult | undefined) => (r?.ports ?? []).map((p) => `${p.protocol}/${p.from === p.to ? p.from : `${p.from}-${p.to}`}`).sort();

describe('exposure analysis', () => {
  it('public instance: IGW route, NACL allow, SG open, public IP → reachable on the open ports', () => {
    const res = run([
      ...base(),
      sg('sg-mongo', [tcp(22, '0.0.0.0/0'), tcp(27017, '0.0.0.0/0'), tcp(8080, '10.0.0.0/8')]),
      instance('i-pub', { subnet: 'subnet-pub', groups: ['sg-mongo'], publicIp: '54.210.10.20' }),
    ]);
    const r = res.get('i-pub');
    expect(r?.internet).toBe(true);
    expect(ports(r)).toEqual(['tcp/22', 'tcp/27017']);
    expect(r?.paths[0]?.hops.map((h) => h.kind)).toEqual([
      'internet',
      'internet-gateway',
      'route-table',
      'network-acl',
      'security-group',
      'public-ip',
      'network-interface',
    ]);
    const text = explainExposure({ ...(r as ExposureResult) });
    expect(text).toContain('route 0.0.0.0/0 → igw-1');
    expect(text).toContain('54.210.10.20');
  });

  it('NACL deny: a lower-numbered deny wins over a later allow; a deny after an allow does not', () => {
    const entries = [
      { RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 27017, To: 27017 } },
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 200, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 1024, To: 65535 } },
    ];
    const res = run([
      ...base(),
      nacl('acl-strict', { subnets: ['subnet-pub'], entries }),
      sg('sg-mongo', [tcp(22, '0.0.0.0/0'), tcp(27017, '0.0.0.0/0')]),
      instance('i-pub', { subnet: 'subnet-pub', groups: ['sg-mongo'], publicIp: '54.0.0.1' }),
    ]);
    const r = res.get('i-pub');
    expect(ports(r)).toEqual(['tcp/22']);
    expect(r?.notes.join('\n')).toMatch(/27017.*network ACL acl-strict denies it \(rule 90 deny 0\.0\.0\.0\/0\)/);
  });

  it('a NACL that denies everything (no allow) blocks the instance', () => {
    const entries = [{ RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' }];
    const res = run([
      ...base(),
      nacl('acl-closed', { subnets: ['subnet-pub'], entries }),
      sg('sg-web', [tcp(443, '0.0.0.0/0')]),
      instance('i-pub', { subnet: 'subnet-pub', groups: ['sg-web'], publicIp: '54.0.0.1' }),
    ]);
    expect(res.get('i-pub')?.internet).toBe(false);
  });

  it('stateless ACL: replies denied by the outbound rules make the port unreachable', () => {
    const entries = [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '10.0.0.0/8', PortRange: { From: 0, To: 65535 } },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
    ];
    const r = run([
      ...base(),
      nacl('acl-noreply', { subnets: ['subnet-pub'], entries }),
      sg('sg-web', [tcp(443, '0.0.0.0/0')]),
      instance('i-pub', { subnet: 'subnet-pub', groups: ['sg-web'], publicIp: '54.0.0.1' }),
    ]).get('i-pub');
    expect(r?.internet).toBe(false);
    expect(r?.notes.join('\n')).toContain('outbound rules deny the replies');
  });

  it('a security group that references another group admits only its members, not the internet', () => {
    const dbSg = sg('sg-db', [
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-web' }] },
    ]);
    const res = run([
      ...base(),
      dbSg,
      sg('sg-web', [tcp(443, '0.0.0.0/0')]),
      instance('i-db', { subnet: 'subnet-pub', groups: ['sg-db'], publicIp: '54.0.0.2' }),
    ]);
    const r = res.get('i-db');
    expect(r?.internet).toBe(false);
    expect(r?.notes.join('\n')).toContain('from members of sg-web (not the internet)');
  });

  it('prefix lists are expanded; a public CIDR that is not 0.0.0.0/0 is listed but not "the internet"', () => {
    const pl = rec('aws.ec2.managed-prefix-list', 'arn:aws:ec2:us-east-1:222222222222:prefix-list/pl-office', {
      PrefixListId: 'pl-office',
      Entries: [{ Cidr: '203.0.113.0/24' }],
    });
    const g = sg('sg-office', [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: 'pl-office' }], UserIdGroupPairs: [] },
    ]);
    const r = run([...base(), pl, g, instance('i-adm', { subnet: 'subnet-pub', groups: ['sg-office'], publicIp: '54.0.0.3' })]).get('i-adm');
    expect(r?.ports).toEqual([{ protocol: 'tcp', from: 22, to: 22, sources: ['203.0.113.0/24'] }]);
    expect(r?.internet).toBe(false);
  });

  it('private subnet (main table → NAT) is not directly reachable, but is through a public NLB', () => {
    const front = nlb('mongo-nlb', { subnets: ['subnet-pub'], listeners: [27017], targetGroup: 'mongo-tg' });
    const inst = instance('i-priv', { subnet: 'subnet-priv', groups: ['sg-mongo'] });
    const res = run(
      [...base(), sg('sg-mongo', [tcp(27017, '0.0.0.0/0')]), inst, front.lb, front.tg],
      [...front.edges, { from: front.tg.id, to: inst.id, kind: 'targets' }],
    );
    const r = res.get('i-priv');
    expect(r?.internet).toBe(true);
    expect(r?.paths.map((p) => p.via)).toEqual(['load-balancer']);
    expect(r?.paths[0]?.hops.map((h) => h.kind)).toEqual(['internet', 'load-balancer', 'listener', 'target-group', 'target']);
    expect(r?.notes.join('\n')).toContain('no public IPv4 address');
    expect(res.get('50dc6c495c0c9188')?.internet).toBe(true);
  });

  it('IPv6 through an egress-only internet gateway is not reachable from the internet', () => {
    const rt = routeTable('rtb-v6', {
      subnets: ['subnet-v6'],
      routes: [
        { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' },
      ],
    });
    const g = sg('sg-v6', [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    const r = run([...base(), subnet('subnet-v6'), rt, g, instance('i-v6', { subnet: 'subnet-v6', groups: ['sg-v6'], ipv6: '2600:1f18::10' })]).get('i-v6');
    expect(r?.internet).toBe(false);
    expect(r?.notes.join('\n')).toContain('egress-only internet gateway eigw-1');
  });

  it('IPv6 through an internet gateway is reachable', () => {
    const rt = routeTable('rtb-v6', { subnets: ['subnet-v6'], routes: [{ DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-1' }] });
    const g = sg('sg-v6', [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    const r = run([...base(), subnet('subnet-v6'), rt, g, instance('i-v6', { subnet: 'subnet-v6', groups: ['sg-v6'], ipv6: '2600:1f18::10' })]).get('i-v6');
    expect(r?.internet).toBe(true);
    expect(r?.ports[0]?.sources).toEqual(['::/0']);
  });

  it('ECS service behind a public ALB (IP targets named by the service) and CloudFront origin by DNS name', () => {
    const front = nlb('web-alb', { subnets: ['subnet-pub'], listeners: [443], targetGroup: 'web-tg' });
    const svc = rec('aws.ecs.service', 'arn:aws:ecs:us-east-1:222222222222:service/prod/web', {
      serviceName: 'web',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-priv'], securityGroups: ['sg-web'], assignPublicIp: 'DISABLED' } },
      loadBalancers: [{ targetGroupArn: front.tg.id, containerName: 'nginx', containerPort: 8080 }],
    });
    const lb = { ...front.lb, config: { ...front.lb.config, DNSName: 'web-alb-123.us-east-1.elb.amazonaws.com' } };
    const dist = {
      ...rec('aws.cloudfront.distribution', 'arn:aws:cloudfront::222222222222:distribution/E1', {
        Enabled: true,
        DomainName: 'd1.cloudfront.net',
        config: { Origins: { Items: [{ DomainName: 'WEB-ALB-123.us-east-1.elb.amazonaws.com' }] } },
      }),
      region: 'global',
    };
    const res = run([...base(), sg('sg-web', [tcp(8080, '10.0.0.0/8')]), svc, lb, front.tg, dist], front.edges);
    const r = res.get('web');
    expect(r?.internet).toBe(true);
    expect(r?.ports).toEqual([{ protocol: 'tcp', from: 8080, to: 8080, sources: ['via web-alb'] }]);
    expect(r?.notes).toContain('tasks get no public IP (assignPublicIp DISABLED)');
    expect(
      res
        .get('50dc6c495c0c9188')
        ?.paths.map((p) => p.via)
        .sort(),
    ).toEqual(['cloudfront', 'direct']);
  });

  it('managed front doors: Lambda URL, public EKS endpoint, private RDS', () => {
    const fn = rec('aws.lambda.function', 'arn:aws:lambda:us-east-1:222222222222:function:billing-export', {
      FunctionName: 'billing-export',
      urlConfig: { FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/', AuthType: 'NONE' },
    });
    const eks = rec('aws.eks.cluster', 'arn:aws:eks:us-east-1:222222222222:cluster/prod', {
      resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
    });
    const db = rec('aws.rds.db-instance', 'arn:aws:rds:us-east-1:222222222222:db:orders', {
      DBInstanceIdentifier: 'orders',
      PubliclyAccessible: false,
      Endpoint: { Port: 5432 },
    });
    const api = rec('aws.apigateway.rest-api', 'arn:aws:apigateway:us-east-1::/restapis/a1', {
      id: 'a1',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      methods: [
        { path: '/orders', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false },
        { path: '/orders', httpMethod: 'POST', authorizationType: 'AWS_IAM', apiKeyRequired: false },
      ],
    });
    const res = run([fn, eks, db, api]);
    expect(res.get('a1')?.paths[0]?.hops[1]?.detail).toContain('1 of 2 methods need no authorisation (GET /orders)');
    expect(res.get('arn:aws:lambda:us-east-1:222222222222:function:billing-export'.split('/').pop() as string)?.internet).toBe(true);
    expect(res.get('prod')?.internet).toBe(true);
    expect(res.get('arn:aws:rds:us-east-1:222222222222:db:orders')?.internet).toBe(false);
  });

  it('public RDS instance: reachable only on its endpoint port', () => {
    const db = rec('aws.rds.db-instance', 'arn:aws:rds:us-east-1:222222222222:db:orders', {
      DBInstanceIdentifier: 'orders',
      PubliclyAccessible: true,
      Endpoint: { Address: 'orders.x.rds.amazonaws.com', Port: 5432 },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-db' }],
      DBSubnetGroup: { VpcId: 'vpc-1', Subnets: [{ SubnetIdentifier: 'subnet-pub' }] },
    });
    const r = run([...base(), sg('sg-db', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]), db]).get(
      'arn:aws:rds:us-east-1:222222222222:db:orders',
    );
    expect(r?.internet).toBe(true);
    expect(ports(r)).toEqual(['tcp/5432']);
  });

  it('CIDR helpers', () => {
    expect(cidrContains('0.0.0.0/0', '203.0.113.0/24')).toBe(true);
    expect(cidrContains('203.0.113.0/24', '0.0.0.0/0')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.20.0.0/16')).toBe(true);
    expect(isInternetCidr('10.1.0.0/16')).toBe(false);
    expect(isInternetCidr('203.0.113.0/24')).toBe(true);
    expect(ALLOW_ALL_ENTRIES.length).toBe(5);
  });
});
