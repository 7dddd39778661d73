import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openStore, type Store } from '../../../store/index.js';
import { DEMO } from '../../../demo/story.js';
import type { EdgeRecord, ResourceRecord } from '../../../core/resource.js';
import { vulnerabilitiesStage } from './stage.js';
import type { VulnRisk } from './risk.js';

/**
 * The demo stage over an inventory shaped as discovery will record the story's hosts (contract:
 * docs/resource-model.md). When the real discovery stage runs first, the same assertions must
 * hold: the integrator's check.
 */
function storyInventory(): { resources: ResourceRecord[]; edges: EdgeRecord[] } {
  const m = DEMO.mongoHost;
  const x = DEMO.miner;
  const a = (acct: string, region: string, kind: string, id: string) => `arn:aws:ec2:${region}:${acct}:${kind}/${id}`;
  const r = (
    type: string,
    id: string,
    account: string,
    region: string,
    config: Record<string, unknown>,
    name = id.split('/').pop() as string,
    tags: Record<string, string> = {},
  ): ResourceRecord => ({ id, type, provider: 'aws', account, region, name, tags, config });
  const hostNet = (acct: string, region: string, vpc: string, subnet: string, rtb: string, igw: string) => [
    r('aws.ec2.subnet', a(acct, region, 'subnet', subnet), acct, region, { SubnetId: subnet, VpcId: vpc }),
    r('aws.ec2.route-table', a(acct, region, 'route-table', rtb), acct, region, {
      RouteTableId: rtb,
      VpcId: vpc,
      Associations: [{ SubnetId: subnet, Main: false }],
      Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, State: 'active' }],
    }),
    r('aws.ec2.network-acl', a(acct, region, 'network-acl', `acl-${subnet}`), acct, region, {
      NetworkAclId: `acl-${subnet}`,
      VpcId: vpc,
      IsDefault: true,
      Associations: [],
      Entries: [
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
      ],
    }),
  ];
  const open = (port: number) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  const inst = (acct: string, region: string, id: string, subnet: string, sg: string, priv: string, pub: string, name: string) =>
    r(
      'aws.ec2.instance',
      a(acct, region, 'instance', id),
      acct,
      region,
      {
        InstanceId: id,
        State: { Name: 'running' },
        SubnetId: subnet,
        VpcId: 'vpc-demo',
        PrivateIpAddress: priv,
        PublicIpAddress: pub,
        SecurityGroups: [{ GroupId: sg }],
      },
      name,
      { Name: name },
    );
  const mongo = inst(m.account, m.region, m.instanceId, 'subnet-mongo', m.securityGroup, m.privateIp, m.publicIp, 'mongo-prod-1');
  const miner = inst(x.account, x.region, x.instanceId, 'subnet-dev', 'sg-dev', x.privateIp, x.publicIp, 'ci-runner');
  const ami = r('aws.ec2.image', a(m.account, m.region, 'image', 'ami-0mongo'), m.account, m.region, { ImageId: 'ami-0mongo', Name: m.ami });
  const fn = r(
    'aws.lambda.function',
    `arn:aws:lambda:us-east-1:222222222222:function:${DEMO.lambdaWithSecrets.name}`,
    '222222222222',
    'us-east-1',
    { Runtime: 'python3.12', urlConfig: { FunctionUrl: 'https://x.lambda-url.us-east-1.on.aws/', AuthType: 'NONE' } },
    DEMO.lambdaWithSecrets.name,
  );
  return {
    resources: [
      ...hostNet(m.account, m.region, 'vpc-demo', 'subnet-mongo', 'rtb-mongo', 'igw-prod'),
      ...hostNet(x.account, x.region, 'vpc-demo', 'subnet-dev', 'rtb-dev', 'igw-dev'),
      r('aws.ec2.security-group', a(m.account, m.region, 'security-group', m.securityGroup), m.account, m.region, {
        GroupId: m.securityGroup,
        IpPermissions: m.ports.map(open),
      }),
      r('aws.ec2.security-group', a(x.account, x.region, 'security-group', 'sg-dev'), x.account, x.region, { GroupId: 'sg-dev', IpPermissions: [open(22)] }),
      mongo,
      miner,
      ami,
      fn,
    ],
    edges: [{ from: mongo.id, to: ami.id, kind: 'from-image' }],
  };
}

describe('demo stage: vulnerabilities', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ sqliteFile: ':memory:' });
  });
  afterAll(async () => store.close());

  const run = () =>
    vulnerabilitiesStage.run({
      store,
      log: pino({ level: 'silent' }),
      home: '/tmp',
      demoDir: resolve(import.meta.dirname, '../../../../demo'),
      facts: new Map(),
    });

  it('is robust on an empty inventory: reports kept unmatched, ranked by severity and KEV', async () => {
    const r = await run();
    expect(r.summary.join('\n')).toContain('inventory is empty');
    expect((await store.vulns.reports({ unmatched: true })).length).toBe(3);
  });

  it('with the story inventory, the public MongoDB host with a KEV CVE tops the list', async () => {
    const inv = storyInventory();
    await store.resources.upsertMany(inv.resources, { at: '2026-11-19T00:00:00.000Z' });
    await store.edges.replaceFrom([...new Set(inv.edges.map((e) => e.from))], inv.edges, '222222222222', '2026-11-19T00:00:00.000Z');
    const facts = new Map<string, unknown>();
    const r = await vulnerabilitiesStage.run({
      store,
      log: pino({ level: 'silent' }),
      home: '/tmp',
      demoDir: resolve(import.meta.dirname, '../../../../demo'),
      facts,
    });
    const ranked = facts.get('vulnerabilities.ranked') as VulnRisk[];
    expect(ranked[0]?.resourceId).toBe(`arn:aws:ec2:us-east-1:222222222222:instance/${DEMO.mongoHost.instanceId}`);
    expect(ranked[0]?.kev).toBe(true);
    expect(ranked[0]?.internet).toBe(true);
    expect((await store.vulns.reports({ unmatched: true })).length).toBe(0);
    expect(r.summary.join('\n')).toContain('REACHABLE FROM THE INTERNET');
    console.log(r.summary.join('\n'));
  });
});
