import type { NewFinding } from '../core/finding.js';
import type { EdgeRecord, ResourceRecord } from '../core/resource.js';
import type { Store } from '../store/index.js';
import { DEMO } from './story.js';

/**
 * A minimal slice of the demo story, for when the alerts stage runs without the discovery and
 * detection stages before it (a branch on its own, or a test). When those stages ran, their
 * resources and findings are used instead and this is not loaded. Everything comes from story.ts.
 */
const P = DEMO.accounts.prod.id;
const D = DEMO.accounts.dev.id;
const R = 'us-east-1';
const sgArn = (acct: string, region: string, id: string) => `arn:aws:ec2:${region}:${acct}:security-group/${id}`;
const eniArn = (acct: string, region: string, id: string) => `arn:aws:ec2:${region}:${acct}:network-interface/${id}`;
const instArn = (acct: string, region: string, id: string) => `arn:aws:ec2:${region}:${acct}:instance/${id}`;

export const FALLBACK_IDS = {
  dbSg: sgArn(P, R, DEMO.database.securityGroup),
  db: `arn:aws:rds:${R}:${P}:db:${DEMO.database.dbInstanceId}`,
  dbEni: eniArn(P, R, DEMO.database.eni),
  mongoSg: sgArn(P, R, DEMO.mongoHost.securityGroup),
  mongo: instArn(P, R, DEMO.mongoHost.instanceId),
  miner: instArn(D, DEMO.miner.region, DEMO.miner.instanceId),
  minerRole: `arn:aws:iam::${D}:role/${DEMO.miner.role}`,
  exports: `arn:aws:s3:::${DEMO.buckets.customerExports.name}`,
  alice: `arn:aws:iam::${P}:user/alice`,
  bob: `arn:aws:iam::${P}:user/bob`,
};

const world = (port: number) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
const res = (r: Omit<ResourceRecord, 'provider' | 'tags'> & { tags?: Record<string, string> }): ResourceRecord => ({ provider: 'aws', tags: {}, ...r });

export function fallbackInventory(): { resources: ResourceRecord[]; edges: EdgeRecord[] } {
  const I = FALLBACK_IDS;
  const resources = [
    res({
      id: I.dbSg,
      type: 'aws.ec2.security-group',
      account: P,
      region: R,
      name: 'orders-db-sg',
      config: { GroupId: DEMO.database.securityGroup, GroupName: 'orders-db-sg', IpPermissions: [] },
    }),
    res({
      id: I.db,
      type: 'aws.rds.db-instance',
      account: P,
      region: R,
      name: DEMO.database.dbInstanceId,
      config: {
        DBInstanceIdentifier: DEMO.database.dbInstanceId,
        Engine: 'postgres',
        PubliclyAccessible: true,
        StorageEncrypted: true,
        Endpoint: { Port: DEMO.database.port },
      },
    }),
    res({
      id: I.dbEni,
      type: 'aws.ec2.network-interface',
      account: P,
      region: R,
      name: DEMO.database.eni,
      config: { NetworkInterfaceId: DEMO.database.eni, PrivateIpAddress: DEMO.database.privateIp, Association: { PublicIp: DEMO.database.publicIp } },
    }),
    res({
      id: I.mongoSg,
      type: 'aws.ec2.security-group',
      account: P,
      region: R,
      name: 'mongo-sg',
      config: { GroupId: DEMO.mongoHost.securityGroup, IpPermissions: DEMO.mongoHost.ports.map(world) },
    }),
    res({
      id: I.mongo,
      type: 'aws.ec2.instance',
      account: P,
      region: R,
      name: 'mongo-1',
      config: {
        InstanceId: DEMO.mongoHost.instanceId,
        PublicIpAddress: DEMO.mongoHost.publicIp,
        PrivateIpAddress: DEMO.mongoHost.privateIp,
        ImageName: DEMO.mongoHost.ami,
        MetadataOptions: { HttpTokens: 'optional' },
      },
    }),
    res({
      id: I.miner,
      type: 'aws.ec2.instance',
      account: D,
      region: DEMO.miner.region,
      name: 'build-runner',
      config: { InstanceId: DEMO.miner.instanceId, PublicIpAddress: DEMO.miner.publicIp, PrivateIpAddress: DEMO.miner.privateIp },
    }),
    res({
      id: I.minerRole,
      type: 'aws.iam.role',
      account: D,
      region: 'global',
      name: DEMO.miner.role,
      config: {
        RoleName: DEMO.miner.role,
        inlinePolicies: [
          { PolicyName: 'ci', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' }] } },
        ],
      },
    }),
    res({
      id: I.exports,
      type: 'aws.s3.bucket',
      account: P,
      region: R,
      name: DEMO.buckets.customerExports.name,
      tags: { ...DEMO.buckets.customerExports.tags },
      config: { Name: DEMO.buckets.customerExports.name },
    }),
    res({
      id: I.alice,
      type: 'aws.iam.user',
      account: P,
      region: 'global',
      name: 'alice',
      config: {
        UserName: 'alice',
        attachedPolicies: [{ PolicyName: 'AdministratorAccess' }],
        loginProfile: { CreateDate: '2024-02-01T00:00:00Z' },
        mfaDevices: [],
      },
    }),
  ];
  const edges: EdgeRecord[] = [
    { from: I.db, to: I.dbSg, kind: 'uses-security-group' },
    { from: I.dbEni, to: I.dbSg, kind: 'uses-security-group' },
    { from: I.dbEni, to: I.db, kind: 'attached-to' },
    { from: I.mongo, to: I.mongoSg, kind: 'uses-security-group' },
    { from: I.miner, to: I.minerRole, kind: 'has-role' },
  ];
  return { resources, edges };
}

export function fallbackFindings(): NewFinding[] {
  const I = FALLBACK_IDS;
  const at = (h: number) => new Date(Date.parse(DEMO.now) - h * 3_600_000).toISOString();
  const base = { attack: [], compliance: [] };
  return [
    {
      ...base,
      source: 'config',
      ruleId: 'aws-ec2-security-group-no-world-ingress-db-ports',
      title: 'Security group allows 0.0.0.0/0 to a database port',
      severity: 'high',
      resourceId: I.dbSg,
      resourceType: 'aws.ec2.security-group',
      account: P,
      region: R,
      evidence: { port: DEMO.database.port, cidr: '0.0.0.0/0' },
      seenAt: at(30),
    },
    {
      ...base,
      source: 'network',
      ruleId: 'network-intel-inbound-accepted',
      title: `Accepted inbound traffic from ${DEMO.maliciousIp}, a listed malicious address`,
      severity: 'high',
      resourceId: I.dbEni,
      resourceType: 'aws.ec2.network-interface',
      account: P,
      region: R,
      evidence: {
        srcAddr: DEMO.maliciousIp,
        dstAddr: DEMO.database.privateIp,
        dstPort: DEMO.database.port,
        action: 'ACCEPT',
        intel: { indicator: DEMO.maliciousIp, listings: Array.from({ length: 8 }, (_, i) => ({ feed: `ipsum-level-${i + 1}`, category: 'malicious' })) },
      },
      seenAt: at(6),
    },
    ...DEMO.mongoHost.ports.map((port) => ({
      ...base,
      source: 'config' as const,
      ruleId: `aws-ec2-security-group-no-world-ingress-${port}`,
      title: `Security group allows 0.0.0.0/0 on port ${port}`,
      severity: 'high' as const,
      resourceId: I.mongoSg,
      resourceType: 'aws.ec2.security-group',
      account: P,
      region: R,
      evidence: { port },
      seenAt: at(48),
    })),
    {
      ...base,
      source: 'network',
      ruleId: 'network-crypto-mining-pool',
      title: `Connections to mining pool ${DEMO.miner.poolDomain}:${DEMO.miner.poolPort}`,
      severity: 'high',
      resourceId: I.miner,
      resourceType: 'aws.ec2.instance',
      account: D,
      region: DEMO.miner.region,
      evidence: { dstAddr: DEMO.miner.poolIp, dstPort: DEMO.miner.poolPort, domain: DEMO.miner.poolDomain },
      seenAt: at(12),
    },
    {
      ...base,
      source: 'config',
      ruleId: 'aws-s3-bucket-not-public',
      title: 'Bucket is publicly readable',
      severity: 'high',
      resourceId: I.exports,
      resourceType: 'aws.s3.bucket',
      account: P,
      region: R,
      evidence: { acl: 'AllUsers:READ' },
      seenAt: at(40),
    },
    {
      ...base,
      source: 'config',
      ruleId: 'aws-iam-user-mfa-enabled',
      title: 'Console user without MFA',
      severity: 'medium',
      resourceId: I.alice,
      resourceType: 'aws.iam.user',
      account: P,
      region: 'global',
      evidence: {},
      seenAt: at(40),
    },
  ];
}

/** Loads the slice: resources first as a scan, then bob's change to the database group as the audit trail recorded it. */
export async function loadFallback(store: Store): Promise<void> {
  const { resources, edges } = fallbackInventory();
  const created = new Date(Date.parse(DEMO.now) - 30 * 86_400_000).toISOString();
  await store.resources.upsertMany(resources, { at: created });
  for (const acct of [P, D])
    await store.edges.replaceFrom(
      resources.filter((r) => r.account === acct).map((r) => r.id),
      edges.filter((e) => resources.find((r) => r.id === e.from)?.account === acct),
      acct,
      created,
    );
  const sg = resources.find((r) => r.id === FALLBACK_IDS.dbSg) as ResourceRecord;
  const opened = { ...sg, config: { ...sg.config, IpPermissions: [world(DEMO.database.port)] } };
  await store.resources.upsertMany([opened], {
    at: new Date(Date.parse(DEMO.now) - 31 * 3_600_000).toISOString(),
    actor: FALLBACK_IDS.bob,
    eventId: 'b7c4e0a2-demo-authorize-ingress',
  });
  for (const a of Object.values(DEMO.accounts))
    await store.accounts.upsert({ id: a.id, provider: 'aws', name: a.name, parent: null, status: 'ACTIVE', team: a.team, tags: {} });
  await store.findings.upsert(fallbackFindings());
}
