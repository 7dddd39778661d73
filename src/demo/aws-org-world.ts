import { createHash } from 'node:crypto';
import type { CallKey } from '../engine/discover/recording.js';
import { DEMO } from './story.js';

/**
 * The demo organisation as a simulated AWS: a deterministic model of three accounts in two
 * regions (the cast of `story.ts`, with its planted risks) and a responder that answers SDK calls
 * from it in the APIs' own shapes. `generate-aws-org.ts` runs the real collectors against this
 * responder with recording on, so the recording holds exactly the calls the collectors make.
 */

type Obj = Record<string, unknown>;
const T0 = new Date(DEMO.now).getTime();
const DAY = 86_400_000;
/** A fixed instant `days` before the demo's clock. */
const ago = (days: number) => new Date(T0 - days * DAY);

/** A stable pseudo-random hex id: the same seed always gives the same id. */
export function hexId(prefix: string, seed: string, len = 17): string {
  return `${prefix}-${createHash('sha256').update(seed).digest('hex').slice(0, len)}`;
}
const tags = (m: Record<string, string>) => Object.entries(m).map(([Key, Value]) => ({ Key, Value }));

const { management: MGMT, prod: PROD, dev: DEV } = DEMO.accounts;
const ACCOUNTS = [MGMT, PROD, DEV];
const REGIONS = [...DEMO.regions];
/** The orders database's own parameter group (it turns TLS enforcement off). */
const DB_PARAMETER_GROUP = 'orders-postgres15';
/** The instance-level group Aurora gives a cluster's instances when none is named. */
const AURORA_PG15_DEFAULT_GROUP = 'default.aurora-postgresql15';

export interface RegionWorld {
  vpcs: Obj[];
  subnets: Obj[];
  securityGroups: Obj[];
  instances: Obj[];
  volumes: Obj[];
  snapshots: Obj[];
  snapshotPerms: Record<string, Obj[]>;
  images: Obj[];
  imagePerms: Record<string, Obj[]>;
  enis: Obj[];
  igws: Obj[];
  natGateways: Obj[];
  eigws: Obj[];
  routeTables: Obj[];
  nacls: Obj[];
  peerings: Obj[];
  endpoints: Obj[];
  addresses: Obj[];
  keyPairs: Obj[];
  launchTemplates: Obj[];
  flowLogs: Obj[];
  userData: Record<string, boolean>;
  ebsDefault: boolean;
  lambdas: Obj[];
  lambdaPolicies: Record<string, string>;
  lambdaUrls: Record<string, Obj>;
  dbInstances: Obj[];
  dbSnapshots: Obj[];
  dbSubnetGroups: Obj[];
  dbClusters: Obj[];
  /** Each group also carries `parameters`: what DescribeDBParameters answers for it (not part of the group's own shape). */
  dbParameterGroups: Obj[];
  /** As `dbParameterGroups`, for DescribeDBClusterParameters. */
  dbClusterParameterGroups: Obj[];
  kmsKeys: Obj[];
  trails: Obj[];
  logGroups: Obj[];
  alarms: Obj[];
  topics: Obj[];
  queues: Obj[];
  secrets: Obj[];
  tables: Obj[];
  guardduty: string[];
  configRecorders: Obj[];
  albs: Obj[];
  targetGroups: Obj[];
  managed: Obj[];
  parameters: Obj[];
  repositories: Obj[];
  /** `${service}` → error name thrown for every call of that service here (planted coverage gaps). */
  denied: Record<string, string>;
}

export interface AccountWorld {
  id: string;
  name: string;
  regions: Record<string, RegionWorld>;
  users: Obj[];
  userDetail: Record<
    string,
    { mfa: Obj[]; keys: Obj[]; keyLastUsed: Record<string, Obj>; login: boolean; attached: Obj[]; inline: Record<string, Obj>; groups: Obj[] }
  >;
  groups: Obj[];
  roles: Obj[];
  roleAttached: Record<string, Obj[]>;
  roleInline: Record<string, Record<string, Obj>>;
  policies: Obj[];
  policyDocs: Record<string, Obj>;
  instanceProfiles: Obj[];
  passwordPolicy: Obj | null;
  buckets: {
    Name: string;
    CreationDate: Date;
    region: string;
    policy?: Obj;
    acl?: Obj[];
    pab?: Obj;
    encryption?: Obj;
    versioning?: Obj;
    logging?: Obj;
    tags?: Record<string, string>;
  }[];
  accountPab: Obj | null;
}

export interface OrgWorld {
  accounts: AccountWorld[];
}

function emptyRegion(): RegionWorld {
  return {
    vpcs: [],
    subnets: [],
    securityGroups: [],
    instances: [],
    volumes: [],
    snapshots: [],
    snapshotPerms: {},
    images: [],
    imagePerms: {},
    enis: [],
    igws: [],
    natGateways: [],
    eigws: [],
    routeTables: [],
    nacls: [],
    peerings: [],
    endpoints: [],
    addresses: [],
    keyPairs: [],
    launchTemplates: [],
    flowLogs: [],
    userData: {},
    ebsDefault: true,
    lambdas: [],
    lambdaPolicies: {},
    lambdaUrls: {},
    dbInstances: [],
    dbSnapshots: [],
    dbSubnetGroups: [],
    dbClusters: [],
    dbParameterGroups: [],
    dbClusterParameterGroups: [],
    kmsKeys: [],
    trails: [],
    logGroups: [],
    alarms: [],
    topics: [],
    queues: [],
    secrets: [],
    tables: [],
    guardduty: [],
    configRecorders: [],
    albs: [],
    targetGroups: [],
    managed: [],
    parameters: [],
    repositories: [],
    denied: {},
  };
}

const policyDoc = (statements: Obj[]) => ({ Version: '2012-10-17', Statement: statements });
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** VPC plumbing of one account and region: VPC, subnets, gateways, routes, NACL, default SG. */
function network(a: AccountWorld, region: string, cidrBase: string, opts: { nat?: boolean; flowLogs?: boolean }) {
  const r = a.regions[region] as RegionWorld;
  const s = `${a.id}/${region}`;
  const vpcId = hexId('vpc', `${s}/vpc`);
  r.vpcs.push({
    VpcId: vpcId,
    CidrBlock: `${cidrBase}.0.0/16`,
    State: 'available',
    IsDefault: false,
    OwnerId: a.id,
    InstanceTenancy: 'default',
    Tags: tags({ Name: `${a.name}-${region}` }),
  });
  const igw = hexId('igw', `${s}/igw`);
  r.igws.push({ InternetGatewayId: igw, OwnerId: a.id, Attachments: [{ VpcId: vpcId, State: 'available' }], Tags: tags({ Name: `${a.name}-igw` }) });
  const naclId = hexId('acl', `${s}/acl`);
  const subnets: string[] = [];
  ['public-a', 'public-b', 'private-a', 'private-b'].forEach((name, i) => {
    const id = hexId('subnet', `${s}/${name}`);
    subnets.push(id);
    r.subnets.push({
      SubnetId: id,
      VpcId: vpcId,
      CidrBlock: `${cidrBase}.${i + 1}.0/24`,
      AvailabilityZone: `${region}${i % 2 ? 'b' : 'a'}`,
      MapPublicIpOnLaunch: name.startsWith('public'),
      State: 'available',
      OwnerId: a.id,
      SubnetArn: `arn:aws:ec2:${region}:${a.id}:subnet/${id}`,
      Tags: tags({ Name: `${a.name}-${name}` }),
    });
  });
  r.nacls.push({
    NetworkAclId: naclId,
    VpcId: vpcId,
    IsDefault: true,
    OwnerId: a.id,
    Entries: [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
    ],
    Associations: subnets.map((sid) => ({ SubnetId: sid, NetworkAclId: naclId, NetworkAclAssociationId: hexId('aclassoc', sid) })),
    Tags: [],
  });
  const natId = opts.nat ? hexId('nat', `${s}/nat`) : undefined;
  if (natId)
    r.natGateways.push({
      NatGatewayId: natId,
      VpcId: vpcId,
      SubnetId: subnets[0],
      State: 'available',
      ConnectivityType: 'public',
      Tags: tags({ Name: `${a.name}-nat` }),
    });
  r.routeTables.push({
    RouteTableId: hexId('rtb', `${s}/public`),
    VpcId: vpcId,
    OwnerId: a.id,
    Routes: [
      { DestinationCidrBlock: `${cidrBase}.0.0/16`, GatewayId: 'local', State: 'active' },
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, State: 'active' },
    ],
    Associations: subnets.slice(0, 2).map((sid) => ({ SubnetId: sid, RouteTableAssociationId: hexId('rtbassoc', sid), Main: false })),
    Tags: tags({ Name: `${a.name}-public` }),
  });
  r.routeTables.push({
    RouteTableId: hexId('rtb', `${s}/private`),
    VpcId: vpcId,
    OwnerId: a.id,
    Routes: [
      { DestinationCidrBlock: `${cidrBase}.0.0/16`, GatewayId: 'local', State: 'active' },
      ...(natId ? [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId, State: 'active' }] : []),
    ],
    Associations: [
      { Main: true, RouteTableAssociationId: hexId('rtbassoc', `${s}/main`) },
      ...subnets.slice(2).map((sid) => ({ SubnetId: sid, RouteTableAssociationId: hexId('rtbassoc', sid), Main: false })),
    ],
    Tags: tags({ Name: `${a.name}-private` }),
  });
  r.endpoints.push({
    VpcEndpointId: hexId('vpce', `${s}/s3`),
    VpcEndpointType: 'Gateway',
    VpcId: vpcId,
    ServiceName: `com.amazonaws.${region}.s3`,
    State: 'available',
    OwnerId: a.id,
    Tags: [],
  });
  if (opts.flowLogs)
    r.flowLogs.push({
      FlowLogId: hexId('fl', `${s}/fl`),
      ResourceId: vpcId,
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: `arn:aws:s3:::${DEMO.trail.bucket}/vpc-flow/`,
      FlowLogStatus: 'ACTIVE',
      DeliverLogsStatus: 'SUCCESS',
      CreationTime: ago(200),
      Tags: [],
    });
  const defaultSg = hexId('sg', `${s}/default`);
  r.securityGroups.push(
    sg(a.id, vpcId, defaultSg, 'default', 'default VPC security group', [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: defaultSg, UserId: a.id }] }]),
  );
  return { vpcId, subnets, defaultSg };
}

function sg(account: string, vpcId: string, id: string, name: string, description: string, ingress: Obj[], extraTags: Record<string, string> = {}): Obj {
  return {
    GroupId: id,
    GroupName: name,
    Description: description,
    VpcId: vpcId,
    OwnerId: account,
    IpPermissions: ingress.map((p) => ({ IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...p })),
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    Tags: tags({ Name: name, ...extraTags }),
  };
}

const openTo = (port: number, cidr = '0.0.0.0/0', desc?: string) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr, ...(desc && { Description: desc }) }],
});

interface InstanceSpec {
  id: string;
  name: string;
  subnet: string;
  vpc: string;
  sgs: string[];
  privateIp: string;
  publicIp?: string;
  eni?: string;
  profile?: string;
  ami: string;
  type?: string;
  imdsv2?: boolean;
  encrypted?: boolean;
  tags?: Record<string, string>;
  launchedDaysAgo: number;
  userData?: boolean;
}

function instance(a: AccountWorld, region: string, spec: InstanceSpec): void {
  const r = a.regions[region] as RegionWorld;
  const eni = spec.eni ?? hexId('eni', `${a.id}/${spec.id}`);
  const vol = hexId('vol', `${a.id}/${spec.id}/root`);
  const groups = spec.sgs.map((g) => ({ GroupId: g, GroupName: (r.securityGroups.find((x) => x.GroupId === g)?.GroupName as string) ?? g }));
  const launched = ago(spec.launchedDaysAgo);
  r.instances.push({
    InstanceId: spec.id,
    ImageId: spec.ami,
    InstanceType: spec.type ?? 't3.medium',
    LaunchTime: launched,
    Placement: { AvailabilityZone: `${region}a`, Tenancy: 'default' },
    PrivateIpAddress: spec.privateIp,
    ...(spec.publicIp && { PublicIpAddress: spec.publicIp, PublicDnsName: `ec2-${spec.publicIp.replace(/\./g, '-')}.compute-1.amazonaws.com` }),
    State: { Code: 16, Name: 'running' },
    SubnetId: spec.subnet,
    VpcId: spec.vpc,
    Architecture: 'x86_64',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: vol, Status: 'attached', AttachTime: launched, DeleteOnTermination: true } }],
    ...(spec.profile && {
      IamInstanceProfile: { Arn: `arn:aws:iam::${a.id}:instance-profile/${spec.profile}`, Id: hexId('AIPA', spec.profile, 16).toUpperCase().replace('-', '') },
    }),
    NetworkInterfaces: [
      {
        NetworkInterfaceId: eni,
        SubnetId: spec.subnet,
        VpcId: spec.vpc,
        PrivateIpAddress: spec.privateIp,
        Groups: groups,
        Status: 'in-use',
        OwnerId: a.id,
        ...(spec.publicIp && { Association: { PublicIp: spec.publicIp, IpOwnerId: 'amazon' } }),
        Attachment: { AttachmentId: hexId('eni-attach', eni), DeviceIndex: 0, Status: 'attached', AttachTime: launched, DeleteOnTermination: true },
      },
    ],
    SecurityGroups: groups,
    MetadataOptions: {
      State: 'applied',
      HttpTokens: spec.imdsv2 === false ? 'optional' : 'required',
      HttpPutResponseHopLimit: spec.imdsv2 === false ? 1 : 2,
      HttpEndpoint: 'enabled',
    },
    Monitoring: { State: 'disabled' },
    Tags: tags({ Name: spec.name, ...spec.tags }),
  });
  r.userData[spec.id] = spec.userData ?? false;
  r.enis.push({
    NetworkInterfaceId: eni,
    SubnetId: spec.subnet,
    VpcId: spec.vpc,
    AvailabilityZone: `${region}a`,
    Description: '',
    InterfaceType: 'interface',
    OwnerId: a.id,
    PrivateIpAddress: spec.privateIp,
    PrivateIpAddresses: [
      { Primary: true, PrivateIpAddress: spec.privateIp, ...(spec.publicIp && { Association: { PublicIp: spec.publicIp, IpOwnerId: 'amazon' } }) },
    ],
    ...(spec.publicIp && { Association: { PublicIp: spec.publicIp, IpOwnerId: 'amazon' } }),
    Groups: groups,
    Status: 'in-use',
    Attachment: {
      AttachmentId: hexId('eni-attach', eni),
      InstanceId: spec.id,
      InstanceOwnerId: a.id,
      DeviceIndex: 0,
      Status: 'attached',
      AttachTime: launched,
      DeleteOnTermination: true,
    },
    TagSet: [],
  });
  r.volumes.push({
    VolumeId: vol,
    Size: 30,
    VolumeType: 'gp3',
    State: 'in-use',
    AvailabilityZone: `${region}a`,
    CreateTime: launched,
    Encrypted: spec.encrypted ?? true,
    ...((spec.encrypted ?? true) && { KmsKeyId: `arn:aws:kms:${region}:${a.id}:key/${hexId('k', `${a.id}/${region}/ebs`, 32).slice(2)}` }),
    Attachments: [{ VolumeId: vol, InstanceId: spec.id, Device: '/dev/xvda', State: 'attached', AttachTime: launched, DeleteOnTermination: true }],
    Tags: tags({ Name: `${spec.name}-root` }),
  });
}

function bucket(a: AccountWorld, b: AccountWorld['buckets'][number]): void {
  a.buckets.push(b);
}

function user(
  a: AccountWorld,
  name: string,
  o: {
    admin?: boolean;
    mfa?: boolean;
    keyAgeDays?: number;
    keyId?: string;
    console?: boolean;
    groups?: string[];
    lastUsedDaysAgo?: number;
    inline?: Record<string, Obj>;
  },
): void {
  const arn = `arn:aws:iam::${a.id}:user/${name}`;
  const created = ago(400);
  a.users.push({
    UserName: name,
    UserId: hexId('AIDA', arn, 16).toUpperCase().replace('-', ''),
    Arn: arn,
    Path: '/',
    CreateDate: created,
    ...(o.console && { PasswordLastUsed: ago(2) }),
  });
  const keys: Obj[] = [];
  const keyLastUsed: Record<string, Obj> = {};
  if (o.keyAgeDays !== undefined) {
    const id = o.keyId ?? `AKIA${createHash('sha256').update(arn).digest('hex').slice(0, 16).toUpperCase()}`;
    keys.push({ UserName: name, AccessKeyId: id, Status: 'Active', CreateDate: ago(o.keyAgeDays) });
    keyLastUsed[id] = { LastUsedDate: ago(o.lastUsedDaysAgo ?? 1), ServiceName: 's3', Region: 'us-east-1' };
  }
  a.userDetail[name] = {
    mfa: o.mfa ? [{ UserName: name, SerialNumber: `arn:aws:iam::${a.id}:mfa/${name}`, EnableDate: ago(300) }] : [],
    keys,
    keyLastUsed,
    login: Boolean(o.console),
    attached: o.admin ? [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }] : [],
    inline: o.inline ?? {},
    groups: (o.groups ?? []).map((g) => ({
      GroupName: g,
      GroupId: hexId('AGPA', g, 16),
      Arn: `arn:aws:iam::${a.id}:group/${g}`,
      Path: '/',
      CreateDate: created,
    })),
  };
}

function role(a: AccountWorld, name: string, trust: Obj, attached: Obj[], inline: Record<string, Obj> = {}, profile = false, lastUsedDaysAgo?: number): void {
  a.roles.push({
    RoleName: name,
    RoleId: hexId('AROA', `${a.id}/${name}`, 16).toUpperCase().replace('-', ''),
    Arn: `arn:aws:iam::${a.id}:role/${name}`,
    Path: '/',
    CreateDate: ago(500),
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
    MaxSessionDuration: 3600,
    ...(lastUsedDaysAgo !== undefined && { RoleLastUsed: { LastUsedDate: ago(lastUsedDaysAgo), Region: 'us-east-1' } }),
  });
  a.roleAttached[name] = attached;
  a.roleInline[name] = inline;
  if (profile) {
    a.instanceProfiles.push({
      InstanceProfileName: name,
      InstanceProfileId: hexId('AIPA', `${a.id}/${name}`, 16).toUpperCase().replace('-', ''),
      Arn: `arn:aws:iam::${a.id}:instance-profile/${name}`,
      Path: '/',
      CreateDate: ago(500),
      Roles: [a.roles[a.roles.length - 1]],
    });
  }
}

const ec2Trust = policyDoc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
const lambdaTrust = policyDoc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
const mgmtTrust = policyDoc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT.id}:root` }, Action: 'sts:AssumeRole' }]);

function localPolicy(a: AccountWorld, name: string, doc: Obj, attachments: number): Obj {
  const arn = `arn:aws:iam::${a.id}:policy/${name}`;
  const p = {
    PolicyName: name,
    PolicyId: hexId('ANPA', arn, 16).toUpperCase().replace('-', ''),
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: attachments,
    IsAttachable: true,
    CreateDate: ago(300),
    UpdateDate: ago(300),
  };
  a.policies.push(p);
  a.policyDocs[arn] = doc;
  return { PolicyName: name, PolicyArn: arn };
}

/**
 * Production's orders analytics cluster (Aurora PostgreSQL 15, one writer) in the private subnets of
 * the orders VPC: encrypted, backed up, deletion-protected, IAM sign-in, logs exported, reachable from
 * the VPC only. Its one planted risk is in its own cluster parameter group, made to log connections:
 * rds.force_ssl is left unset, and Aurora PostgreSQL's default is 0 on every version.
 */
function analyticsCluster(r: RegionWorld, vpcId: string, subnets: [string, string]): void {
  const C = DEMO.analyticsCluster;
  const arn = (kind: string, name: string) => `arn:aws:rds:${C.region}:${C.account}:${kind}:${name}`;
  const clusterTags = tags({ team: 'payments', app: 'analytics', 'data-classification': 'confidential' });
  const created = ago(180);
  const kmsKeyId = `arn:aws:kms:${C.region}:${C.account}:key/${hexId('k', `${C.account}/${C.region}/data`, 32).slice(2)}`;
  const subnetList = subnets.map((s) => ({ SubnetIdentifier: s, SubnetStatus: 'Active' }));
  const vpcSg = [{ VpcSecurityGroupId: C.securityGroup, Status: 'active' }];
  r.securityGroups.push(
    sg(C.account, vpcId, C.securityGroup, C.clusterId, 'orders analytics cluster', [openTo(C.port, '10.20.0.0/16', 'orders VPC: BI and ETL jobs')], {
      team: 'payments',
    }),
  );
  // The writer's network interface, owned by RDS like the orders database's (no public address).
  r.enis.push({
    NetworkInterfaceId: C.eni,
    SubnetId: subnets[0],
    VpcId: vpcId,
    AvailabilityZone: `${C.region}a`,
    Description: 'RDSNetworkInterface',
    InterfaceType: 'interface',
    RequesterId: 'amazon-rds',
    RequesterManaged: true,
    OwnerId: C.account,
    PrivateIpAddress: C.privateIp,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: C.privateIp }],
    Groups: [{ GroupId: C.securityGroup, GroupName: C.clusterId }],
    Status: 'in-use',
    TagSet: [],
  });
  r.dbSubnetGroups.push({
    DBSubnetGroupName: C.subnetGroup,
    DBSubnetGroupDescription: 'orders analytics cluster (private subnets)',
    VpcId: vpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: subnetList,
    DBSubnetGroupArn: arn('subgrp', C.subnetGroup),
  });
  r.dbClusterParameterGroups.push({
    DBClusterParameterGroupName: C.clusterParameterGroup,
    DBParameterGroupFamily: 'aurora-postgresql15',
    Description: 'orders analytics: log connections',
    DBClusterParameterGroupArn: arn('cluster-pg', C.clusterParameterGroup),
    parameters: [
      { ParameterName: 'log_connections', ParameterValue: '1', Source: 'user', IsModifiable: true },
      { ParameterName: 'log_disconnections', ParameterValue: '1', Source: 'user', IsModifiable: true },
      { ParameterName: 'rds.force_ssl', Source: 'engine-default', IsModifiable: true },
      { ParameterName: 'work_mem', Source: 'engine-default', IsModifiable: true },
    ],
  });
  // The writer names no instance-level group, so Aurora gave it the family's default one.
  r.dbParameterGroups.push({
    DBParameterGroupName: AURORA_PG15_DEFAULT_GROUP,
    DBParameterGroupFamily: 'aurora-postgresql15',
    Description: 'Default parameter group for aurora-postgresql15',
    DBParameterGroupArn: arn('pg', AURORA_PG15_DEFAULT_GROUP),
    parameters: [
      { ParameterName: 'log_connections', Source: 'engine-default', IsModifiable: true },
      { ParameterName: 'work_mem', Source: 'engine-default', IsModifiable: true },
    ],
  });
  r.dbClusters.push({
    DBClusterIdentifier: C.clusterId,
    DBClusterArn: arn('cluster', C.clusterId),
    DbClusterResourceId: `cluster-${hexId('', `${C.account}/${C.clusterId}`, 26).slice(1).toUpperCase()}`,
    Engine: 'aurora-postgresql',
    EngineVersion: '15.4',
    EngineMode: 'provisioned',
    Status: 'available',
    DatabaseName: 'analytics',
    MasterUsername: 'analytics_admin',
    Endpoint: `${C.clusterId}.cluster-c9acme.${C.region}.rds.amazonaws.com`,
    ReaderEndpoint: `${C.clusterId}.cluster-ro-c9acme.${C.region}.rds.amazonaws.com`,
    Port: C.port,
    AvailabilityZones: [`${C.region}a`, `${C.region}b`],
    MultiAZ: false,
    DBClusterMembers: [{ DBInstanceIdentifier: C.writerId, IsClusterWriter: true, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 }],
    DBClusterParameterGroup: C.clusterParameterGroup,
    DBSubnetGroup: C.subnetGroup,
    VpcSecurityGroups: vpcSg,
    StorageEncrypted: true,
    KmsKeyId: kmsKeyId,
    BackupRetentionPeriod: 7,
    PreferredBackupWindow: '03:00-03:30',
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    DeletionProtection: true,
    IAMDatabaseAuthenticationEnabled: true,
    EnabledCloudwatchLogsExports: ['postgresql'],
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: true,
    AutoMinorVersionUpgrade: true,
    ClusterCreateTime: created,
    TagList: clusterTags,
  });
  r.dbInstances.push({
    DBInstanceIdentifier: C.writerId,
    DBInstanceArn: arn('db', C.writerId),
    DBClusterIdentifier: C.clusterId,
    DBInstanceClass: 'db.r6g.large',
    Engine: 'aurora-postgresql',
    EngineVersion: '15.4',
    DBInstanceStatus: 'available',
    Endpoint: { Address: `${C.writerId}.c9acme.${C.region}.rds.amazonaws.com`, Port: C.port },
    AvailabilityZone: `${C.region}a`,
    PubliclyAccessible: false,
    StorageEncrypted: true,
    KmsKeyId: kmsKeyId,
    MultiAZ: false,
    BackupRetentionPeriod: 7,
    IAMDatabaseAuthenticationEnabled: true,
    EnabledCloudwatchLogsExports: ['postgresql'],
    AutoMinorVersionUpgrade: true,
    PromotionTier: 1,
    VpcSecurityGroups: vpcSg,
    DBSubnetGroup: { DBSubnetGroupName: C.subnetGroup, VpcId: vpcId, SubnetGroupStatus: 'Complete', Subnets: subnetList },
    DBParameterGroups: [{ DBParameterGroupName: AURORA_PG15_DEFAULT_GROUP, ParameterApplyStatus: 'in-sync' }],
    InstanceCreateTime: created,
    TagList: clusterTags,
  });
}

/** The whole organisation; every id and date derives from the story and fixed seeds. */
export function demoAwsWorld(): OrgWorld {
  const accounts: AccountWorld[] = ACCOUNTS.map((acc) => ({
    id: acc.id,
    name: acc.name,
    regions: Object.fromEntries(REGIONS.map((r) => [r, emptyRegion()])),
    users: [],
    userDetail: {},
    groups: [],
    roles: [],
    roleAttached: {},
    roleInline: {},
    policies: [],
    policyDocs: {},
    instanceProfiles: [],
    passwordPolicy: null,
    buckets: [],
    accountPab: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  }));
  const [mgmt, prod, dev] = accounts as [AccountWorld, AccountWorld, AccountWorld];

  // ---------- networks
  const nets: Record<string, ReturnType<typeof network>> = {};
  accounts.forEach((a, ai) => {
    REGIONS.forEach((region, ri) => {
      nets[`${a.id}/${region}`] = network(a, region, `10.${(ai + 1) * 10 + ri * 5}`, {
        nat: a !== dev,
        flowLogs: a === mgmt || (a === prod && region === 'us-east-1'),
      });
    });
  });
  // Production in us-east-1 uses the story's addressing (10.20.x.x).
  const prodUse1 = nets[`${PROD.id}/us-east-1`] as ReturnType<typeof network>;
  const devEuw1 = nets[`${DEV.id}/eu-west-1`] as ReturnType<typeof network>;
  prod.regions['us-east-1']?.peerings.push({
    VpcPeeringConnectionId: hexId('pcx', 'prod-dev'),
    Status: { Code: 'active', Message: 'Active' },
    RequesterVpcInfo: { VpcId: prodUse1.vpcId, OwnerId: PROD.id, Region: 'us-east-1', CidrBlock: '10.20.0.0/16' },
    AccepterVpcInfo: { VpcId: devEuw1.vpcId, OwnerId: DEV.id, Region: 'eu-west-1', CidrBlock: '10.35.0.0/16' },
    Tags: tags({ Name: 'prod-to-dev' }),
  });

  // ---------- KMS, default encryption: dev left EBS default encryption off in both regions.
  for (const a of accounts)
    for (const region of REGIONS) {
      const r = a.regions[region] as RegionWorld;
      r.ebsDefault = a !== dev;
      for (const purpose of ['ebs', 'data']) {
        const keyId = hexId('k', `${a.id}/${region}/${purpose}`, 32).slice(2);
        r.kmsKeys.push({
          KeyId: keyId,
          Arn: `arn:aws:kms:${region}:${a.id}:key/${keyId}`,
          Description: `${a.name} ${purpose} key`,
          KeyManager: 'CUSTOMER',
          KeyState: 'Enabled',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Enabled: true,
          CreationDate: ago(600),
          Origin: 'AWS_KMS',
          KeySpec: 'SYMMETRIC_DEFAULT',
          rotation: purpose === 'ebs',
          alias: `alias/${a.name}-${purpose}`,
        });
      }
    }

  // ---------- production, us-east-1: the MongoDB host, the database, a web fleet.
  const P = DEMO.mongoHost;
  const pr = prod.regions['us-east-1'] as RegionWorld;
  const [pubA, pubB, privA, privB] = prodUse1.subnets as [string, string, string, string];
  pr.securityGroups.push(
    sg(PROD.id, prodUse1.vpcId, P.securityGroup, 'mongo-public', 'MongoDB for the mobile app', [openTo(22), openTo(27017)], { team: 'payments' }),
    sg(
      PROD.id,
      prodUse1.vpcId,
      DEMO.database.securityGroup,
      'orders-db',
      'orders database',
      [openTo(5432, '10.20.0.0/16'), openTo(5432, '0.0.0.0/0', 'temp: debug from home (bob)')],
      { team: 'payments' },
    ),
  );
  const webSg = hexId('sg', 'prod/web');
  const albSg = hexId('sg', 'prod/alb');
  pr.securityGroups.push(
    sg(PROD.id, prodUse1.vpcId, albSg, 'web-alb', 'public load balancer', [openTo(443), openTo(80)]),
    sg(PROD.id, prodUse1.vpcId, webSg, 'web', 'web servers behind the ALB', [
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: albSg, UserId: PROD.id }] },
    ]),
  );
  role(prod, 'mongo-app', ec2Trust, [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }], {}, true, 0);
  role(
    prod,
    'web-server',
    ec2Trust,
    [{ PolicyName: 'CloudWatchAgentServerPolicy', PolicyArn: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy' }],
    {},
    true,
    0,
  );
  instance(prod, 'us-east-1', {
    id: P.instanceId,
    name: 'mongo-1',
    subnet: pubA,
    vpc: prodUse1.vpcId,
    sgs: [P.securityGroup],
    privateIp: P.privateIp,
    publicIp: P.publicIp,
    eni: P.eni,
    profile: P.role,
    ami: hexId('ami', P.ami),
    type: 'r6i.large',
    imdsv2: false,
    encrypted: false,
    tags: { team: 'payments', app: 'mongodb' },
    launchedDaysAgo: 240,
    userData: true,
  });
  for (let i = 1; i <= 10; i++) {
    instance(prod, 'us-east-1', {
      id: hexId('i', `prod/web-${i}`),
      name: `web-${i}`,
      subnet: i % 2 ? privA : privB,
      vpc: prodUse1.vpcId,
      sgs: [webSg],
      privateIp: `10.20.${i % 2 ? 3 : 4}.${10 + i}`,
      profile: 'web-server',
      ami: hexId('ami', 'acme-web-2026-10'),
      tags: { team: 'payments', app: 'web' },
      launchedDaysAgo: 20 + i,
    });
  }
  pr.addresses.push({
    AllocationId: hexId('eipalloc', 'mongo'),
    PublicIp: P.publicIp,
    Domain: 'vpc',
    InstanceId: P.instanceId,
    NetworkInterfaceId: P.eni,
    AssociationId: hexId('eipassoc', 'mongo'),
    PrivateIpAddress: P.privateIp,
    Tags: tags({ Name: 'mongo-1' }),
  });
  pr.keyPairs.push({
    KeyPairId: hexId('key', 'prod-ops'),
    KeyName: 'prod-ops',
    KeyFingerprint: '1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f',
    KeyType: 'rsa',
    CreateTime: ago(700),
    Tags: [],
  });
  pr.launchTemplates.push({
    LaunchTemplateId: hexId('lt', 'prod-web'),
    LaunchTemplateName: 'web',
    CreateTime: ago(90),
    CreatedBy: `arn:aws:iam::${PROD.id}:user/alice`,
    DefaultVersionNumber: 3,
    LatestVersionNumber: 3,
    Tags: [],
    data: {
      ImageId: hexId('ami', 'acme-web-2026-10'),
      InstanceType: 't3.medium',
      MetadataOptions: { HttpTokens: 'required' },
      IamInstanceProfile: { Name: 'web-server' },
    },
  });
  const webAmi = hexId('ami', 'acme-web-2026-10');
  pr.images.push({
    ImageId: webAmi,
    Name: 'acme-web-2026-10',
    OwnerId: PROD.id,
    State: 'available',
    CreationDate: ago(40).toISOString(),
    Public: false,
    Architecture: 'x86_64',
    ImageType: 'machine',
    RootDeviceType: 'ebs',
    Tags: [],
  });
  pr.imagePerms[webAmi] = [];
  // The public snapshot: a copy of the orders database volume, shared with everyone.
  pr.snapshots.push({
    SnapshotId: DEMO.publicSnapshot.snapshotId,
    VolumeId: hexId('vol', 'orders-export'),
    State: 'completed',
    StartTime: ago(30),
    VolumeSize: 100,
    OwnerId: PROD.id,
    Encrypted: false,
    Description: 'orders export for analytics',
    Progress: '100%',
    Tags: tags({ Name: 'orders-export' }),
  });
  pr.snapshotPerms[DEMO.publicSnapshot.snapshotId] = [{ Group: 'all' }];
  for (let i = 1; i <= 6; i++) {
    const id = hexId('snap', `prod/backup-${i}`);
    pr.snapshots.push({
      SnapshotId: id,
      VolumeId: hexId('vol', `${PROD.id}/${P.instanceId}/root`),
      State: 'completed',
      StartTime: ago(i * 7),
      VolumeSize: 30,
      OwnerId: PROD.id,
      Encrypted: false,
      Description: `mongo-1 weekly backup ${i}`,
      Progress: '100%',
      Tags: tags({ Name: `mongo-backup-${i}` }),
    });
    pr.snapshotPerms[id] = [];
  }
  // The database (ENI owned by RDS) and its snapshots.
  const D = DEMO.database;
  pr.enis.push({
    NetworkInterfaceId: D.eni,
    SubnetId: pubB,
    VpcId: prodUse1.vpcId,
    AvailabilityZone: 'us-east-1b',
    Description: 'RDSNetworkInterface',
    InterfaceType: 'interface',
    RequesterId: 'amazon-rds',
    RequesterManaged: true,
    OwnerId: PROD.id,
    PrivateIpAddress: D.privateIp,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: D.privateIp, Association: { PublicIp: D.publicIp, IpOwnerId: 'amazon' } }],
    Association: { PublicIp: D.publicIp, IpOwnerId: 'amazon' },
    Groups: [{ GroupId: D.securityGroup, GroupName: 'orders-db' }],
    Status: 'in-use',
    TagSet: [],
  });
  pr.dbSubnetGroups.push({
    DBSubnetGroupName: 'orders',
    DBSubnetGroupDescription: 'orders database',
    VpcId: prodUse1.vpcId,
    SubnetGroupStatus: 'Complete',
    Subnets: [pubA, pubB].map((s) => ({ SubnetIdentifier: s, SubnetStatus: 'Active' })),
    DBSubnetGroupArn: `arn:aws:rds:us-east-1:${PROD.id}:subgrp:orders`,
  });
  pr.dbInstances.push({
    DBInstanceIdentifier: D.dbInstanceId,
    DBInstanceArn: `arn:aws:rds:us-east-1:${PROD.id}:db:${D.dbInstanceId}`,
    DBInstanceClass: 'db.r6g.large',
    Engine: 'postgres',
    EngineVersion: '15.4',
    DBInstanceStatus: 'available',
    Endpoint: { Address: `${D.dbInstanceId}.c9acme.us-east-1.rds.amazonaws.com`, Port: D.port },
    PubliclyAccessible: true,
    StorageEncrypted: true,
    KmsKeyId: `arn:aws:kms:us-east-1:${PROD.id}:key/${hexId('k', `${PROD.id}/us-east-1/data`, 32).slice(2)}`,
    MultiAZ: false,
    BackupRetentionPeriod: 7,
    DeletionProtection: false,
    IAMDatabaseAuthenticationEnabled: false,
    AutoMinorVersionUpgrade: true,
    VpcSecurityGroups: [{ VpcSecurityGroupId: D.securityGroup, Status: 'active' }],
    DBSubnetGroup: {
      DBSubnetGroupName: 'orders',
      VpcId: prodUse1.vpcId,
      SubnetGroupStatus: 'Complete',
      Subnets: [pubA, pubB].map((s) => ({ SubnetIdentifier: s, SubnetStatus: 'Active' })),
    },
    DBParameterGroups: [{ DBParameterGroupName: DB_PARAMETER_GROUP, ParameterApplyStatus: 'in-sync' }],
    InstanceCreateTime: ago(500),
    TagList: tags({ team: 'payments', 'data-classification': 'confidential' }),
  });
  pr.dbSnapshots.push({
    DBSnapshotIdentifier: 'orders-db-2026-11-01',
    DBSnapshotArn: `arn:aws:rds:us-east-1:${PROD.id}:snapshot:orders-db-2026-11-01`,
    DBInstanceIdentifier: D.dbInstanceId,
    SnapshotCreateTime: ago(19),
    Engine: 'postgres',
    Status: 'available',
    Encrypted: true,
    SnapshotType: 'manual',
    TagList: [],
  });
  // The orders database's own group: TLS turned off (PostgreSQL 15's default rds.force_ssl is 1, so someone set 0), connections not logged.
  pr.dbParameterGroups.push({
    DBParameterGroupName: DB_PARAMETER_GROUP,
    DBParameterGroupFamily: 'postgres15',
    Description: 'orders database parameters',
    parameters: [
      { ParameterName: 'rds.force_ssl', ParameterValue: '0', Source: 'user', IsModifiable: true },
      { ParameterName: 'log_connections', Source: 'engine-default', IsModifiable: true },
      { ParameterName: 'work_mem', Source: 'engine-default', IsModifiable: true },
    ],
  });
  analyticsCluster(pr, prodUse1.vpcId, [privA, privB]);
  // The Lambda with a secret in its environment and a public function URL.
  const L = DEMO.lambdaWithSecrets;
  role(
    prod,
    'billing-export',
    lambdaTrust,
    [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }],
    {},
    false,
    0,
  );
  const fnArn = `arn:aws:lambda:us-east-1:${PROD.id}:function:${L.name}`;
  pr.lambdas.push({
    FunctionName: L.name,
    FunctionArn: fnArn,
    Runtime: 'python3.12',
    Role: `arn:aws:iam::${PROD.id}:role/billing-export`,
    Handler: 'app.handler',
    CodeSize: 48213,
    Timeout: 60,
    MemorySize: 256,
    LastModified: ago(12).toISOString(),
    PackageType: 'Zip',
    Architectures: ['arm64'],
    Environment: {
      Variables: {
        [L.envSecret]: 'Sup3rS3cret!orders',
        DB_HOST: `${D.dbInstanceId}.c9acme.us-east-1.rds.amazonaws.com`,
        EXPORT_BUCKET: DEMO.buckets.customerExports.name,
      },
    },
  });
  pr.lambdaUrls[L.name] = {
    FunctionUrl: 'https://x7demo4billing.lambda-url.us-east-1.on.aws/',
    FunctionArn: fnArn,
    AuthType: L.urlAuth,
    CreationTime: ago(12).toISOString(),
    LastModifiedTime: ago(12).toISOString(),
  };
  pr.lambdaPolicies[L.name] = JSON.stringify(
    policyDoc([
      {
        Sid: 'FunctionURLAllowPublicAccess',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: fnArn,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      },
    ]),
  );
  for (const [name, runtime] of [
    ['orders-api', 'nodejs20.x'],
    ['thumbnailer', 'python3.12'],
    ['nightly-report', 'python3.9'],
  ] as const) {
    pr.lambdas.push({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:us-east-1:${PROD.id}:function:${name}`,
      Runtime: runtime,
      Role: `arn:aws:iam::${PROD.id}:role/web-server`,
      Handler: 'index.handler',
      CodeSize: 10240,
      Timeout: 30,
      MemorySize: 128,
      LastModified: ago(60).toISOString(),
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      Environment: { Variables: { LOG_LEVEL: 'info' } },
    });
  }
  for (const [name, days] of [
    ['/aws/lambda/billing-export', undefined],
    ['/aws/lambda/orders-api', 30],
    ['/acme/web/access', 90],
  ] as const) {
    pr.logGroups.push({
      logGroupName: name,
      arn: `arn:aws:logs:us-east-1:${PROD.id}:log-group:${name}:*`,
      creationTime: ago(100).getTime(),
      storedBytes: 1_048_576,
      ...(days && { retentionInDays: days }),
    });
  }
  pr.topics.push({
    TopicArn: `arn:aws:sns:us-east-1:${PROD.id}:orders-events`,
    Policy: JSON.stringify(
      policyDoc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Subscribe', Resource: `arn:aws:sns:us-east-1:${PROD.id}:orders-events` }]),
    ),
  });
  pr.queues.push({
    QueueUrl: `https://sqs.us-east-1.amazonaws.com/${PROD.id}/orders-jobs`,
    QueueArn: `arn:aws:sqs:us-east-1:${PROD.id}:orders-jobs`,
    SqsManagedSseEnabled: 'true',
  });
  pr.secrets.push({
    ARN: `arn:aws:secretsmanager:us-east-1:${PROD.id}:secret:orders-db-master-AbCdEf`,
    Name: 'orders-db-master',
    RotationEnabled: false,
    LastChangedDate: ago(400),
    CreatedDate: ago(500),
    Tags: [],
  });
  pr.tables.push({
    TableName: 'sessions',
    TableArn: `arn:aws:dynamodb:us-east-1:${PROD.id}:table/sessions`,
    TableStatus: 'ACTIVE',
    ItemCount: 1200,
    CreationDateTime: ago(300),
    pitr: false,
  });
  pr.alarms.push({
    AlarmName: 'orders-db-cpu',
    AlarmArn: `arn:aws:cloudwatch:us-east-1:${PROD.id}:alarm:orders-db-cpu`,
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/RDS',
    StateValue: 'OK',
    ActionsEnabled: true,
    Threshold: 80,
    ComparisonOperator: 'GreaterThanThreshold',
  });

  const albArn = `arn:aws:elasticloadbalancing:us-east-1:${PROD.id}:loadbalancer/app/web-alb/${hexId('', 'alb', 16).slice(1)}`;
  const tgArn = `arn:aws:elasticloadbalancing:us-east-1:${PROD.id}:targetgroup/web/${hexId('', 'tg', 16).slice(1)}`;
  const webIds = pr.instances
    .filter((i) => String(i.InstanceId).length && (i.Tags as { Value: string }[]).some((t) => t.Value.startsWith('web-')))
    .map((i) => i.InstanceId as string);
  pr.albs.push({
    LoadBalancerArn: albArn,
    DNSName: 'web-alb-1234567890.us-east-1.elb.amazonaws.com',
    LoadBalancerName: 'web-alb',
    Scheme: 'internet-facing',
    VpcId: prodUse1.vpcId,
    State: { Code: 'active' },
    Type: 'application',
    IpAddressType: 'ipv4',
    SecurityGroups: [albSg],
    AvailabilityZones: [pubA, pubB].map((SubnetId, k) => ({ SubnetId, ZoneName: `us-east-1${k ? 'b' : 'a'}` })),
    CreatedTime: ago(300),
    listeners: [
      {
        ListenerArn: `${albArn.replace(':loadbalancer/', ':listener/')}/l80`,
        LoadBalancerArn: albArn,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
      },
      {
        ListenerArn: `${albArn.replace(':loadbalancer/', ':listener/')}/l443`,
        LoadBalancerArn: albArn,
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-2016-08',
        Certificates: [{ CertificateArn: `arn:aws:acm:us-east-1:${PROD.id}:certificate/${hexId('', 'cert', 32).slice(1)}` }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      },
    ],
  });
  pr.targetGroups.push({
    TargetGroupArn: tgArn,
    TargetGroupName: 'web',
    Protocol: 'HTTP',
    Port: 8080,
    VpcId: prodUse1.vpcId,
    TargetType: 'instance',
    HealthCheckPath: '/health',
    LoadBalancerArns: [albArn],
    targets: webIds,
  });
  pr.managed.push(
    {
      InstanceId: P.instanceId,
      PingStatus: 'Online',
      LastPingDateTime: ago(0),
      AgentVersion: '3.3.40.0',
      PlatformType: 'Linux',
      PlatformName: 'Ubuntu',
      PlatformVersion: '22.04',
      ResourceType: 'EC2Instance',
      IPAddress: P.privateIp,
      ComputerName: 'ip-10-20-1-20',
      apps: [
        { Name: 'mongodb-org-server', Version: '6.0.4', Publisher: 'MongoDB Inc.' },
        { Name: 'openssh-server', Version: '1:8.9p1-3ubuntu0.1', Publisher: 'Ubuntu Developers' },
        { Name: 'openssl', Version: '3.0.2-0ubuntu1.7', Publisher: 'Ubuntu Developers' },
      ],
    },
    ...webIds.slice(0, 3).map((InstanceId, k) => ({
      InstanceId,
      PingStatus: 'Online',
      LastPingDateTime: ago(0),
      AgentVersion: '3.3.40.0',
      PlatformType: 'Linux',
      PlatformName: 'Amazon Linux',
      PlatformVersion: '2023',
      ResourceType: 'EC2Instance',
      IPAddress: `10.20.${k % 2 ? 4 : 3}.${11 + k}`,
      apps: [
        { Name: 'nginx', Version: '1.18.0', Publisher: 'Amazon Linux' },
        { Name: 'nodejs', Version: '18.12.1', Publisher: 'Amazon Linux' },
      ],
    })),
  );
  pr.parameters.push(
    { Name: '/orders/db/host', Type: 'String', LastModifiedDate: ago(100), Version: 2, Tier: 'Standard', DataType: 'text' },
    {
      Name: '/orders/db/password',
      Type: 'String',
      LastModifiedDate: ago(100),
      Version: 1,
      Tier: 'Standard',
      DataType: 'text',
      Description: 'stored as plain String, not SecureString',
    },
    { Name: '/orders/api/key', Type: 'SecureString', KeyId: 'alias/aws/ssm', LastModifiedDate: ago(50), Version: 4, Tier: 'Standard', DataType: 'text' },
  );
  pr.repositories.push({
    repositoryArn: `arn:aws:ecr:us-east-1:${PROD.id}:repository/orders-api`,
    registryId: PROD.id,
    repositoryName: 'orders-api',
    repositoryUri: `${PROD.id}.dkr.ecr.us-east-1.amazonaws.com/orders-api`,
    createdAt: ago(400),
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  });

  // ---------- production, eu-west-1: a small replica fleet.
  const prodEuw1 = nets[`${PROD.id}/eu-west-1`] as ReturnType<typeof network>;
  const pe = prod.regions['eu-west-1'] as RegionWorld;
  const euWebSg = hexId('sg', 'prod-eu/web');
  pe.securityGroups.push(sg(PROD.id, prodEuw1.vpcId, euWebSg, 'web', 'web servers', [openTo(443)]));
  for (let i = 1; i <= 6; i++) {
    instance(prod, 'eu-west-1', {
      id: hexId('i', `prod-eu/web-${i}`),
      name: `eu-web-${i}`,
      subnet: prodEuw1.subnets[2 + (i % 2)] as string,
      vpc: prodEuw1.vpcId,
      sgs: [euWebSg],
      privateIp: `10.25.3.${10 + i}`,
      profile: 'web-server',
      ami: hexId('ami', 'acme-web-2026-10-eu'),
      tags: { team: 'payments', app: 'web' },
      launchedDaysAgo: 15 + i,
    });
  }
  pe.tables.push({
    TableName: 'sessions-eu',
    TableArn: `arn:aws:dynamodb:eu-west-1:${PROD.id}:table/sessions-eu`,
    TableStatus: 'ACTIVE',
    ItemCount: 400,
    CreationDateTime: ago(200),
    pitr: true,
  });

  // ---------- dev, eu-west-1: the miner, whose role can create IAM users; dev boxes with unencrypted volumes.
  const M = DEMO.miner;
  const dv = dev.regions['eu-west-1'] as RegionWorld;
  const devSshSg = hexId('sg', 'dev/ssh');
  dv.securityGroups.push(sg(DEV.id, devEuw1.vpcId, devSshSg, 'dev-ssh', 'ssh for developers', [openTo(22)]));
  const ciPolicy = localPolicy(
    dev,
    'ci-deployer-policy',
    policyDoc([
      { Sid: 'Deploy', Effect: 'Allow', Action: ['ec2:*', 's3:*', 'lambda:*'], Resource: '*' },
      { Sid: 'CreateServiceUsers', Effect: 'Allow', Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:AttachUserPolicy'], Resource: '*' },
    ]),
    1,
  );
  role(dev, M.role, ec2Trust, [ciPolicy], {}, true, 0);
  instance(dev, 'eu-west-1', {
    id: M.instanceId,
    name: 'ci-runner-3',
    subnet: devEuw1.subnets[0] as string,
    vpc: devEuw1.vpcId,
    sgs: [devSshSg],
    privateIp: M.privateIp,
    publicIp: M.publicIp,
    eni: M.eni,
    profile: M.role,
    ami: hexId('ami', 'ubuntu-22.04-ci'),
    type: 'c6i.4xlarge',
    imdsv2: false,
    encrypted: false,
    tags: { team: 'platform', purpose: 'ci' },
    launchedDaysAgo: 5,
    userData: true,
  });
  for (let i = 1; i <= 5; i++) {
    instance(dev, 'eu-west-1', {
      id: hexId('i', `dev/box-${i}`),
      name: `dev-box-${i}`,
      subnet: devEuw1.subnets[i % 2] as string,
      vpc: devEuw1.vpcId,
      sgs: [devSshSg],
      privateIp: `10.35.1.${50 + i}`,
      publicIp: `34.240.50.${50 + i}`,
      ami: hexId('ami', 'ubuntu-22.04-ci'),
      encrypted: false,
      imdsv2: i % 2 === 0,
      tags: { team: 'platform', owner: i % 2 ? 'bob' : 'alice' },
      launchedDaysAgo: 30 + i * 10,
    });
  }
  const devUse1 = nets[`${DEV.id}/us-east-1`] as ReturnType<typeof network>;
  for (let i = 1; i <= 3; i++) {
    instance(dev, 'us-east-1', {
      id: hexId('i', `dev-use1/test-${i}`),
      name: `test-${i}`,
      subnet: devUse1.subnets[2] as string,
      vpc: devUse1.vpcId,
      sgs: [devUse1.defaultSg],
      privateIp: `10.30.3.${10 + i}`,
      ami: hexId('ami', 'ubuntu-22.04-ci'),
      encrypted: false,
      launchedDaysAgo: 60 + i,
    });
  }
  // The dev account has not granted the audit role Security Hub and Inspector: planted coverage gaps.
  for (const region of REGIONS) {
    (dev.regions[region] as RegionWorld).denied.securityhub = 'AccessDeniedException';
    (dev.regions[region] as RegionWorld).denied.inspector2 = 'AccessDeniedException';
  }

  // ---------- management: the organisation trail, its bucket, config, GuardDuty.
  const mu = mgmt.regions['us-east-1'] as RegionWorld;
  const trailKey = (mu.kmsKeys[1] as Obj).Arn as string;
  mu.trails.push({
    Name: DEMO.trail.name,
    TrailARN: `arn:aws:cloudtrail:us-east-1:${MGMT.id}:trail/${DEMO.trail.name}`,
    S3BucketName: DEMO.trail.bucket,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: true,
    IsOrganizationTrail: true,
    HomeRegion: 'us-east-1',
    LogFileValidationEnabled: true,
    KmsKeyId: trailKey,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
  });
  for (const a of accounts)
    for (const region of REGIONS) {
      const r = a.regions[region] as RegionWorld;
      r.guardduty.push(hexId('gd', `${a.id}/${region}`, 32).slice(3));
      if (a !== dev)
        r.configRecorders.push({
          name: 'default',
          roleARN: `arn:aws:iam::${a.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === 'us-east-1' },
        });
    }

  // ---------- buckets
  const B = DEMO.buckets;
  bucket(mgmt, {
    Name: B.trailLogs.name,
    CreationDate: ago(900),
    region: 'us-east-1',
    policy: policyDoc([
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${B.trailLogs.name}`,
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${B.trailLogs.name}/AWSLogs/*`,
      },
    ]),
    pab: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: trailKey }, BucketKeyEnabled: true }] },
    versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
  });
  bucket(prod, {
    Name: B.publicAssets.name,
    CreationDate: ago(800),
    region: 'us-east-1',
    policy: policyDoc([{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B.publicAssets.name}/*` }]),
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    versioning: { Status: 'Suspended' },
    tags: { team: 'web' },
  });
  bucket(prod, {
    Name: B.customerExports.name,
    CreationDate: ago(300),
    region: 'us-east-1',
    acl: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }],
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    tags: { ...B.customerExports.tags, team: 'payments' },
  });
  bucket(prod, {
    Name: 'acme-prod-backups-eu',
    CreationDate: ago(400),
    region: 'eu-west-1',
    pab: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    versioning: { Status: 'Enabled' },
  });
  bucket(dev, { Name: 'acme-dev-scratch', CreationDate: ago(100), region: 'eu-west-1' });
  bucket(dev, { Name: 'acme-dev-artifacts', CreationDate: ago(200), region: 'eu-west-1', versioning: { Status: 'Enabled' } });
  // Production turned the account-level public access block off "for the assets bucket".
  prod.accountPab = null;

  // ---------- IAM people
  user(prod, DEMO.people.alice.user, { admin: true, mfa: false, keyAgeDays: 540, console: true, lastUsedDaysAgo: 1 });
  user(prod, DEMO.people.bob.user, { mfa: true, keyAgeDays: 60, console: true, groups: ['developers'] });
  user(prod, DEMO.people.deployBot.user, {
    keyAgeDays: 200,
    keyId: DEMO.people.deployBot.accessKeyId,
    inline: { deploy: policyDoc([{ Effect: 'Allow', Action: ['s3:PutObject', 'lambda:UpdateFunctionCode'], Resource: '*' }]) },
  });
  user(prod, 'ops-legacy', { admin: true, mfa: false, console: true });
  user(mgmt, DEMO.people.carol.user, { admin: true, mfa: true, console: true });
  user(mgmt, 'billing-viewer', { mfa: true, console: true });
  user(dev, 'bob', { mfa: false, keyAgeDays: 30, console: true, groups: ['developers'] });
  user(dev, 'alice', { admin: true, mfa: false, console: true });
  for (const a of [prod, dev]) {
    a.groups.push({
      GroupName: 'developers',
      GroupId: hexId('AGPA', `${a.id}/developers`, 16),
      Arn: `arn:aws:iam::${a.id}:group/developers`,
      Path: '/',
      CreateDate: ago(400),
    });
    role(a, 'OrganizationAccountAccessRole', mgmtTrust, [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }], {}, false, 3);
    role(a, 'SkywatchAudit', mgmtTrust, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }], {}, false, 0);
  }
  role(mgmt, 'SkywatchAudit', mgmtTrust, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }], {}, false, 0);
  prod.passwordPolicy = {
    MinimumPasswordLength: 14,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
    ExpirePasswords: true,
  };
  mgmt.passwordPolicy = prod.passwordPolicy;
  return { accounts };
}

// ---------------------------------------------------------------- responder

/** An SDK-shaped service error. */
export function awsError(name: string, status = 400, message = name): Error {
  return Object.assign(new Error(message), { name, Code: name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });
}

type Handler = (ctx: { a: AccountWorld; r: RegionWorld; region: string; world: OrgWorld }, input: Obj) => unknown;

const strip = (o: Obj, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/**
 * The region's parameter groups, or just the one named (`key` holds the name): an unknown name is the
 * API's not-found fault, which the cluster-group API reports with the DB parameter group's code too.
 */
function parameterGroups(groups: Obj[], key: string, name: unknown): Obj[] {
  if (name === undefined) return groups;
  const g = groups.filter((x) => x[key] === name);
  if (!g.length) throw awsError('DBParameterGroupNotFoundFault', 404, `DBParameterGroup not found: ${String(name)}`);
  return g;
}
const credentialReport = (a: AccountWorld): string => {
  const head =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,cert_1_active';
  const rows = [
    `<root_account>,arn:aws:iam::${a.id}:root,${ago(1000).toISOString()},not_supported,${ago(a.id === MGMT.id ? 3 : 200).toISOString()},not_supported,not_supported,${a.id === DEV.id ? 'false' : 'true'},false,N/A,N/A,false,false`,
  ];
  for (const u of a.users) {
    const d = a.userDetail[u.UserName as string];
    const key = d?.keys[0];
    rows.push(
      [
        u.UserName,
        u.Arn,
        (u.CreateDate as Date).toISOString(),
        d?.login ? 'true' : 'false',
        d?.login ? ago(2).toISOString() : 'N/A',
        d?.login ? ago(100).toISOString() : 'N/A',
        'N/A',
        d?.mfa.length ? 'true' : 'false',
        key ? 'true' : 'false',
        key ? (key.CreateDate as Date).toISOString() : 'N/A',
        key ? ((d?.keyLastUsed[key.AccessKeyId as string]?.LastUsedDate as Date | undefined)?.toISOString() ?? 'N/A') : 'N/A',
        'false',
        'false',
      ].join(','),
    );
  }
  return `${head}\n${rows.join('\n')}\n`;
};
const kmsById = (r: RegionWorld, id: unknown) => r.kmsKeys.find((k) => k.KeyId === id || k.Arn === id);
const bucketOf = (a: AccountWorld, name: unknown) => {
  const b = a.buckets.find((x) => x.Name === name);
  if (!b) throw awsError('NoSuchBucket', 404, 'The specified bucket does not exist');
  return b;
};

/** Per-service handlers keyed `<service>.<Command>` (service = the SDK client's name, lowercased). */
const HANDLERS: Record<string, Handler> = {
  // STS and Organizations
  'sts.GetCallerIdentity': ({ a }) => ({ Account: a.id, Arn: `arn:aws:iam::${a.id}:user/skywatch-scanner`, UserId: 'AIDADEMOSCANNER' }),
  'organizations.ListAccounts': ({ world }) => ({
    Accounts: [
      ...world.accounts.map((x) => ({
        Id: x.id,
        Arn: `arn:aws:organizations::${MGMT.id}:account/${DEMO.org.id}/${x.id}`,
        Name: x.name,
        Email: `aws+${x.name}@acme.example`,
        State: 'ACTIVE',
        Status: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: ago(1000),
      })),
      {
        Id: '444444444444',
        Arn: `arn:aws:organizations::${MGMT.id}:account/${DEMO.org.id}/444444444444`,
        Name: 'acme-sandbox-old',
        Email: 'aws+sandbox@acme.example',
        State: 'SUSPENDED',
        Status: 'SUSPENDED',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: ago(1500),
      },
    ],
  }),
  'organizations.ListRoots': () => ({
    Roots: [
      {
        Id: 'r-acme',
        Arn: `arn:aws:organizations::${MGMT.id}:root/${DEMO.org.id}/r-acme`,
        Name: 'Root',
        PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    ],
  }),
  'organizations.ListOrganizationalUnitsForParent': (_c, i) =>
    i.ParentId === 'r-acme'
      ? {
          OrganizationalUnits: [
            { Id: 'ou-acme-prod', Name: PROD.ou, Arn: `arn:aws:organizations::${MGMT.id}:ou/${DEMO.org.id}/ou-acme-prod` },
            { Id: 'ou-acme-dev', Name: DEV.ou, Arn: `arn:aws:organizations::${MGMT.id}:ou/${DEMO.org.id}/ou-acme-dev` },
          ],
        }
      : { OrganizationalUnits: [] },
  'organizations.ListChildren': (_c, i) => {
    const byParent: Record<string, string[]> = { 'r-acme': [MGMT.id, '444444444444'], 'ou-acme-prod': [PROD.id], 'ou-acme-dev': [DEV.id] };
    if (i.ChildType === 'ORGANIZATIONAL_UNIT')
      return { Children: (i.ParentId === 'r-acme' ? ['ou-acme-prod', 'ou-acme-dev'] : []).map((Id) => ({ Id, Type: 'ORGANIZATIONAL_UNIT' })) };
    return { Children: (byParent[i.ParentId as string] ?? []).map((Id) => ({ Id, Type: 'ACCOUNT' })) };
  },
  'organizations.ListAccountsForParent': ({ world }, i) => {
    const byParent: Record<string, string[]> = { 'r-acme': [MGMT.id], 'ou-acme-prod': [PROD.id], 'ou-acme-dev': [DEV.id] };
    return {
      Accounts: world.accounts
        .filter((x) => (byParent[i.ParentId as string] ?? []).includes(x.id))
        .map((x) => ({ Id: x.id, Name: x.name, State: 'ACTIVE', Status: 'ACTIVE' })),
    };
  },
  'organizations.ListTagsForResource': (_c, i) => {
    const acc = Object.values(DEMO.accounts).find((x) => x.id === i.ResourceId);
    return { Tags: acc ? tags({ team: acc.team, environment: acc.name.replace('acme-', '') }) : [] };
  },
  'organizations.DescribeOrganization': () => ({
    Organization: { Id: DEMO.org.id, Arn: `arn:aws:organizations::${MGMT.id}:organization/${DEMO.org.id}`, MasterAccountId: MGMT.id, FeatureSet: 'ALL' },
  }),
  'organizations.ListPolicies': () => ({
    Policies: [
      {
        Id: 'p-FullAWSAccess',
        Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        Name: 'FullAWSAccess',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: true,
      },
      {
        Id: 'p-acmedenyleave',
        Arn: `arn:aws:organizations::${MGMT.id}:policy/${DEMO.org.id}/service_control_policy/p-acmedenyleave`,
        Name: 'deny-leave-org',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: false,
      },
    ],
  }),
  'organizations.DescribePolicy': (_c, i) => ({
    Policy: {
      PolicySummary: { Id: i.PolicyId, Name: i.PolicyId === 'p-acmedenyleave' ? 'deny-leave-org' : 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY' },
      Content: JSON.stringify(
        i.PolicyId === 'p-acmedenyleave'
          ? policyDoc([{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }])
          : policyDoc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      ),
    },
  }),
  'organizations.ListTargetsForPolicy': (_c, i) => ({
    Targets: [
      { TargetId: i.PolicyId === 'p-acmedenyleave' ? 'ou-acme-dev' : 'r-acme', Type: i.PolicyId === 'p-acmedenyleave' ? 'ORGANIZATIONAL_UNIT' : 'ROOT' },
    ],
  }),
  'organizations.ListDelegatedAdministrators': () => ({ DelegatedAdministrators: [{ Id: MGMT.id, Name: MGMT.name, State: 'ACTIVE' }] }),
  'organizations.ListDelegatedServicesForAccount': () => ({
    DelegatedServices: [{ ServicePrincipal: 'guardduty.amazonaws.com', DelegationEnabledDate: ago(500) }],
  }),

  // EC2
  'ec2.DescribeRegions': () => ({
    Regions: REGIONS.map((RegionName) => ({ RegionName, Endpoint: `ec2.${RegionName}.amazonaws.com`, OptInStatus: 'opt-in-not-required' })),
  }),
  'ec2.DescribeVpcs': ({ r }) => ({ Vpcs: r.vpcs }),
  'ec2.DescribeSubnets': ({ r }) => ({ Subnets: r.subnets }),
  'ec2.DescribeSecurityGroups': ({ r }) => ({ SecurityGroups: r.securityGroups }),
  'ec2.DescribeInstances': ({ a, r }) => ({
    Reservations: r.instances.map((i) => ({ ReservationId: hexId('r', String(i.InstanceId)), OwnerId: a.id, Instances: [i] })),
  }),
  'ec2.DescribeInstanceAttribute': ({ r }, i) => ({
    InstanceId: i.InstanceId,
    ...(r.userData[i.InstanceId as string]
      ? { UserData: { Value: Buffer.from('#!/bin/bash\napt-get install -y mongodb\n').toString('base64') } }
      : { UserData: {} }),
  }),
  'ec2.DescribeVolumes': ({ r }) => ({ Volumes: r.volumes }),
  'ec2.DescribeSnapshots': ({ r }) => ({ Snapshots: r.snapshots }),
  'ec2.DescribeSnapshotAttribute': ({ r }, i) => ({ SnapshotId: i.SnapshotId, CreateVolumePermissions: r.snapshotPerms[i.SnapshotId as string] ?? [] }),
  'ec2.DescribeImages': ({ r }) => ({ Images: r.images }),
  'ec2.DescribeImageAttribute': ({ r }, i) => ({ ImageId: i.ImageId, LaunchPermissions: r.imagePerms[i.ImageId as string] ?? [] }),
  'ec2.DescribeNetworkInterfaces': ({ r }) => ({ NetworkInterfaces: r.enis }),
  'ec2.DescribeInternetGateways': ({ r }) => ({ InternetGateways: r.igws }),
  'ec2.DescribeNatGateways': ({ r }) => ({ NatGateways: r.natGateways }),
  'ec2.DescribeEgressOnlyInternetGateways': ({ r }) => ({ EgressOnlyInternetGateways: r.eigws }),
  'ec2.DescribeRouteTables': ({ r }) => ({ RouteTables: r.routeTables }),
  'ec2.DescribeNetworkAcls': ({ r }) => ({ NetworkAcls: r.nacls }),
  'ec2.DescribeVpcPeeringConnections': ({ r }) => ({ VpcPeeringConnections: r.peerings }),
  'ec2.DescribeVpcEndpoints': ({ r }) => ({ VpcEndpoints: r.endpoints }),
  'ec2.DescribeAddresses': ({ r }) => ({ Addresses: r.addresses }),
  'ec2.DescribeKeyPairs': ({ r }) => ({ KeyPairs: r.keyPairs }),
  'ec2.DescribeLaunchTemplates': ({ r }) => ({ LaunchTemplates: r.launchTemplates.map((t) => strip(t, 'data')) }),
  'ec2.DescribeLaunchTemplateVersions': ({ r }, i) => {
    const t = r.launchTemplates.find((x) => x.LaunchTemplateId === i.LaunchTemplateId || x.LaunchTemplateName === i.LaunchTemplateName);
    return {
      LaunchTemplateVersions: t
        ? [
            {
              LaunchTemplateId: t.LaunchTemplateId,
              LaunchTemplateName: t.LaunchTemplateName,
              VersionNumber: t.LatestVersionNumber,
              DefaultVersion: true,
              LaunchTemplateData: t.data,
            },
          ]
        : [],
    };
  },
  'ec2.DescribeFlowLogs': ({ r }) => ({ FlowLogs: r.flowLogs }),
  'ec2.GetEbsEncryptionByDefault': ({ r }) => ({ EbsEncryptionByDefault: r.ebsDefault }),
  'ec2.GetEbsDefaultKmsKeyId': ({ r, region, a }) => ({
    KmsKeyId: r.ebsDefault ? ((r.kmsKeys[0]?.Arn as string) ?? `arn:aws:kms:${region}:${a.id}:alias/aws/ebs`) : `arn:aws:kms:${region}:${a.id}:alias/aws/ebs`,
  }),

  // S3 (global listing; per-bucket answers wherever asked)
  's3.ListBuckets': ({ a }) => ({
    Buckets: a.buckets.map((b) => ({ Name: b.Name, CreationDate: b.CreationDate, BucketRegion: b.region })),
    Owner: { ID: hexId('owner', a.id, 32).slice(6), DisplayName: a.name },
  }),
  's3.GetBucketLocation': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    return { LocationConstraint: b.region === 'us-east-1' ? undefined : b.region };
  },
  's3.HeadBucket': ({ a }, i) => ({ BucketRegion: bucketOf(a, i.Bucket).region }),
  's3.GetBucketPolicy': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    if (!b.policy) throw awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    return { Policy: JSON.stringify(b.policy) };
  },
  's3.GetBucketPolicyStatus': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    if (!b.policy) throw awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    return { PolicyStatus: { IsPublic: JSON.stringify(b.policy).includes('"Principal":"*"') } };
  },
  's3.GetBucketAcl': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    const owner = { ID: hexId('owner', a.id, 32).slice(6), DisplayName: a.name };
    return { Owner: owner, Grants: [{ Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' }, ...(b.acl ?? [])] };
  },
  's3.GetPublicAccessBlock': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    if (!b.pab) throw awsError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
    return { PublicAccessBlockConfiguration: b.pab };
  },
  's3.GetBucketEncryption': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    return {
      ServerSideEncryptionConfiguration: b.encryption ?? {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      },
    };
  },
  's3.GetBucketVersioning': ({ a }, i) => bucketOf(a, i.Bucket).versioning ?? {},
  's3.GetBucketLogging': ({ a }, i) => (bucketOf(a, i.Bucket).logging ? { LoggingEnabled: bucketOf(a, i.Bucket).logging } : {}),
  's3.GetBucketOwnershipControls': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    if (b.acl) throw awsError('OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found');
    return { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
  },
  's3.GetBucketLifecycleConfiguration': ({ a }, i) => {
    bucketOf(a, i.Bucket);
    throw awsError('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
  },
  's3.GetObjectLockConfiguration': ({ a }, i) => {
    bucketOf(a, i.Bucket);
    throw awsError('ObjectLockConfigurationNotFoundError', 404, 'Object Lock configuration does not exist for this bucket');
  },
  's3.GetBucketReplication': ({ a }, i) => {
    bucketOf(a, i.Bucket);
    throw awsError('ReplicationConfigurationNotFoundError', 404, 'The replication configuration was not found');
  },
  's3.GetBucketTagging': ({ a }, i) => {
    const b = bucketOf(a, i.Bucket);
    if (!b.tags) throw awsError('NoSuchTagSet', 404, 'The TagSet does not exist');
    return { TagSet: tags(b.tags) };
  },
  's3control.GetPublicAccessBlock': ({ a }) => {
    if (!a.accountPab) throw awsError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
    return { PublicAccessBlockConfiguration: a.accountPab };
  },

  // IAM
  'iam.ListUsers': ({ a }) => ({ Users: a.users, IsTruncated: false }),
  'iam.GetLoginProfile': ({ a }, i) => {
    if (!a.userDetail[i.UserName as string]?.login) throw awsError('NoSuchEntity', 404, `Login Profile for User ${i.UserName} cannot be found.`);
    return { LoginProfile: { UserName: i.UserName, CreateDate: ago(390), PasswordResetRequired: false } };
  },
  'iam.ListMFADevices': ({ a }, i) => ({ MFADevices: a.userDetail[i.UserName as string]?.mfa ?? [], IsTruncated: false }),
  'iam.ListAccessKeys': ({ a }, i) => ({ AccessKeyMetadata: a.userDetail[i.UserName as string]?.keys ?? [], IsTruncated: false }),
  'iam.GetAccessKeyLastUsed': ({ a }, i) => {
    for (const [name, d] of Object.entries(a.userDetail)) {
      const lu = d.keyLastUsed[i.AccessKeyId as string];
      if (lu) return { UserName: name, AccessKeyLastUsed: lu };
    }
    return { AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
  },
  'iam.ListAttachedUserPolicies': ({ a }, i) => ({ AttachedPolicies: a.userDetail[i.UserName as string]?.attached ?? [], IsTruncated: false }),
  'iam.ListUserPolicies': ({ a }, i) => ({ PolicyNames: Object.keys(a.userDetail[i.UserName as string]?.inline ?? {}), IsTruncated: false }),
  'iam.GetUserPolicy': ({ a }, i) => ({
    UserName: i.UserName,
    PolicyName: i.PolicyName,
    PolicyDocument: encodeURIComponent(JSON.stringify(a.userDetail[i.UserName as string]?.inline[i.PolicyName as string] ?? {})),
  }),
  'iam.ListGroupsForUser': ({ a }, i) => ({ Groups: a.userDetail[i.UserName as string]?.groups ?? [], IsTruncated: false }),
  'iam.ListUserTags': () => ({ Tags: [], IsTruncated: false }),
  'iam.ListGroups': ({ a }) => ({ Groups: a.groups, IsTruncated: false }),
  'iam.ListAttachedGroupPolicies': () => ({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }], IsTruncated: false }),
  'iam.ListGroupPolicies': () => ({ PolicyNames: [], IsTruncated: false }),
  'iam.ListRoles': ({ a }) => ({ Roles: a.roles.map((r) => strip(r, 'RoleLastUsed')), IsTruncated: false }),
  'iam.GetRole': ({ a }, i) => {
    const r = a.roles.find((x) => x.RoleName === i.RoleName);
    if (!r) throw awsError('NoSuchEntity', 404, `The role with name ${i.RoleName} cannot be found.`);
    return { Role: r };
  },
  'iam.ListAttachedRolePolicies': ({ a }, i) => ({ AttachedPolicies: a.roleAttached[i.RoleName as string] ?? [], IsTruncated: false }),
  'iam.ListRolePolicies': ({ a }, i) => ({ PolicyNames: Object.keys(a.roleInline[i.RoleName as string] ?? {}), IsTruncated: false }),
  'iam.GetRolePolicy': ({ a }, i) => ({
    RoleName: i.RoleName,
    PolicyName: i.PolicyName,
    PolicyDocument: encodeURIComponent(JSON.stringify(a.roleInline[i.RoleName as string]?.[i.PolicyName as string] ?? {})),
  }),
  'iam.ListRoleTags': () => ({ Tags: [], IsTruncated: false }),
  'iam.ListPolicies': ({ a }, i) => {
    if (i.Scope === 'Local') return { Policies: a.policies, IsTruncated: false };
    const aws = [
      {
        PolicyName: 'AdministratorAccess',
        Arn: ADMIN_ARN,
        DefaultVersionId: 'v1',
        AttachmentCount: 3,
        Path: '/',
        IsAttachable: true,
        PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
      },
      {
        PolicyName: 'ReadOnlyAccess',
        Arn: READONLY_ARN,
        DefaultVersionId: 'v1',
        AttachmentCount: 2,
        Path: '/',
        IsAttachable: true,
        PolicyId: 'ANPAILL3HVNFSB6DCOWYQ',
      },
    ];
    return { Policies: i.OnlyAttached || i.Scope === 'AWS' ? aws : [...a.policies, ...aws], IsTruncated: false };
  },
  'iam.GetPolicy': ({ a }, i) => ({ Policy: a.policies.find((p) => p.Arn === i.PolicyArn) ?? { Arn: i.PolicyArn, DefaultVersionId: 'v1' } }),
  'iam.GetPolicyVersion': ({ a }, i) => {
    const doc =
      a.policyDocs[i.PolicyArn as string] ??
      (i.PolicyArn === ADMIN_ARN
        ? policyDoc([{ Effect: 'Allow', Action: '*', Resource: '*' }])
        : policyDoc([{ Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*'], Resource: '*' }]));
    return {
      PolicyVersion: { Document: encodeURIComponent(JSON.stringify(doc)), VersionId: i.VersionId ?? 'v1', IsDefaultVersion: true, CreateDate: ago(300) },
    };
  },
  'iam.ListInstanceProfiles': ({ a }) => ({ InstanceProfiles: a.instanceProfiles, IsTruncated: false }),
  'iam.GetAccountPasswordPolicy': ({ a }) => {
    if (!a.passwordPolicy) throw awsError('NoSuchEntity', 404, `The Password Policy with domain name ${a.id} cannot be found.`);
    return { PasswordPolicy: a.passwordPolicy };
  },
  'iam.GetAccountSummary': ({ a }) => ({
    SummaryMap: {
      Users: a.users.length,
      Roles: a.roles.length,
      Groups: a.groups.length,
      Policies: a.policies.length,
      AccountMFAEnabled: a.id === DEV.id ? 0 : 1,
      AccountAccessKeysPresent: 0,
      MFADevices: 2,
      MFADevicesInUse: 2,
    },
  }),
  'iam.GenerateCredentialReport': () => ({ State: 'COMPLETE' }),
  'iam.GetCredentialReport': ({ a }) => ({ Content: new TextEncoder().encode(credentialReport(a)), ReportFormat: 'text/csv', GeneratedTime: ago(0) }),
  'iam.ListSAMLProviders': ({ a }) => ({
    SAMLProviderList: a.id === MGMT.id ? [{ Arn: `arn:aws:iam::${MGMT.id}:saml-provider/AcmeOkta`, ValidUntil: ago(-300), CreateDate: ago(700) }] : [],
  }),
  'iam.ListOpenIDConnectProviders': ({ a }) => ({
    OpenIDConnectProviderList: a.id === DEV.id ? [{ Arn: `arn:aws:iam::${DEV.id}:oidc-provider/token.actions.githubusercontent.com` }] : [],
  }),
  'iam.GetOpenIDConnectProvider': () => ({
    Url: 'token.actions.githubusercontent.com',
    ClientIDList: ['sts.amazonaws.com'],
    ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    CreateDate: ago(200),
  }),
  'iam.ListServerCertificates': () => ({ ServerCertificateMetadataList: [], IsTruncated: false }),

  // Lambda
  'lambda.ListFunctions': ({ r }) => ({ Functions: r.lambdas }),
  'lambda.GetPolicy': ({ r }, i) => {
    const p = r.lambdaPolicies[i.FunctionName as string];
    if (!p) throw awsError('ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    return { Policy: p };
  },
  'lambda.GetFunctionUrlConfig': ({ r }, i) => {
    const u = r.lambdaUrls[i.FunctionName as string];
    if (!u) throw awsError('ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    return u;
  },
  'lambda.ListFunctionUrlConfigs': ({ r }, i) => ({
    FunctionUrlConfigs: r.lambdaUrls[i.FunctionName as string] ? [r.lambdaUrls[i.FunctionName as string]] : [],
  }),
  'lambda.ListEventSourceMappings': () => ({ EventSourceMappings: [] }),
  'lambda.ListLayers': () => ({ Layers: [] }),
  'lambda.ListTags': () => ({ Tags: {} }),

  // RDS
  'rds.DescribeDBInstances': ({ r }) => ({ DBInstances: r.dbInstances }),
  'rds.DescribeDBClusters': ({ r }) => ({ DBClusters: r.dbClusters }),
  'rds.DescribeDBSnapshots': ({ r }) => ({ DBSnapshots: r.dbSnapshots }),
  'rds.DescribeDBClusterSnapshots': () => ({ DBClusterSnapshots: [] }),
  'rds.DescribeDBSnapshotAttributes': (_c, i) => ({
    DBSnapshotAttributesResult: { DBSnapshotIdentifier: i.DBSnapshotIdentifier, DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }] },
  }),
  'rds.DescribeDBClusterSnapshotAttributes': (_c, i) => ({
    DBClusterSnapshotAttributesResult: { DBClusterSnapshotIdentifier: i.DBClusterSnapshotIdentifier, DBClusterSnapshotAttributes: [] },
  }),
  'rds.DescribeDBSubnetGroups': ({ r }) => ({ DBSubnetGroups: r.dbSubnetGroups }),
  'rds.DescribeDBParameterGroups': ({ r }, i) => ({
    DBParameterGroups: parameterGroups(r.dbParameterGroups, 'DBParameterGroupName', i.DBParameterGroupName).map((g) => strip(g, 'parameters')),
  }),
  'rds.DescribeDBParameters': ({ r }, i) => ({
    Parameters: parameterGroups(r.dbParameterGroups, 'DBParameterGroupName', i.DBParameterGroupName)[0]?.parameters,
  }),
  'rds.DescribeDBClusterParameterGroups': ({ r }, i) => ({
    DBClusterParameterGroups: parameterGroups(r.dbClusterParameterGroups, 'DBClusterParameterGroupName', i.DBClusterParameterGroupName).map((g) =>
      strip(g, 'parameters'),
    ),
  }),
  'rds.DescribeDBClusterParameters': ({ r }, i) => ({
    Parameters: parameterGroups(r.dbClusterParameterGroups, 'DBClusterParameterGroupName', i.DBClusterParameterGroupName)[0]?.parameters,
  }),

  // KMS
  'kms.ListKeys': ({ r }) => ({ Keys: r.kmsKeys.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), Truncated: false }),
  'kms.DescribeKey': ({ r }, i) => {
    const k = kmsById(r, i.KeyId);
    if (!k) throw awsError('NotFoundException', 404, `Key '${i.KeyId}' does not exist`);
    return { KeyMetadata: { ...strip(k, 'rotation', 'alias', 'Arn'), Arn: k.Arn, AWSAccountId: String(k.Arn).split(':')[4] } };
  },
  'kms.GetKeyRotationStatus': ({ r }, i) => ({ KeyRotationEnabled: Boolean(kmsById(r, i.KeyId)?.rotation) }),
  'kms.GetKeyPolicy': ({ a }) => ({
    Policy: JSON.stringify(
      policyDoc([{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.id}:root` }, Action: 'kms:*', Resource: '*' }]),
    ),
    PolicyName: 'default',
  }),
  'kms.ListAliases': ({ r }, i) => ({
    Aliases: r.kmsKeys
      .filter((k) => !i.KeyId || k.KeyId === i.KeyId || k.Arn === i.KeyId)
      .map((k) => ({ AliasName: k.alias, AliasArn: String(k.Arn).replace(/key\/.*/, String(k.alias)), TargetKeyId: k.KeyId })),
    Truncated: false,
  }),
  'kms.ListResourceTags': () => ({ Tags: [], Truncated: false }),

  // CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, Inspector
  'cloudtrail.DescribeTrails': ({ world, region }) => {
    const m = world.accounts[0] as AccountWorld;
    return { trailList: (m.regions['us-east-1'] as RegionWorld).trails.map((t) => ({ ...t, ...(region !== 'us-east-1' && { HomeRegion: 'us-east-1' }) })) };
  },
  'cloudtrail.ListTrails': ({ world }) => ({
    Trails: ((world.accounts[0] as AccountWorld).regions['us-east-1'] as RegionWorld).trails.map((t) => ({
      TrailARN: t.TrailARN,
      Name: t.Name,
      HomeRegion: 'us-east-1',
    })),
  }),
  'cloudtrail.GetTrailStatus': () => ({ IsLogging: true, LatestDeliveryTime: ago(0), StartLoggingTime: ago(900) }),
  'cloudtrail.GetEventSelectors': (_c, i) => ({
    TrailARN: i.TrailName,
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
  }),
  'cloudtrail.GetTrail': ({ world }, i) => ({
    Trail: ((world.accounts[0] as AccountWorld).regions['us-east-1'] as RegionWorld).trails.find((t) => t.Name === i.Name || t.TrailARN === i.Name),
  }),
  'configservice.DescribeConfigurationRecorders': ({ r }) => ({ ConfigurationRecorders: r.configRecorders }),
  'configservice.DescribeConfigurationRecorderStatus': ({ r }) => ({
    ConfigurationRecordersStatus: r.configRecorders.map((c) => ({ name: c.name, recording: true, lastStatus: 'SUCCESS', lastStartTime: ago(300) })),
  }),
  'configservice.DescribeDeliveryChannels': ({ r }) => ({
    DeliveryChannels: r.configRecorders.map(() => ({ name: 'default', s3BucketName: DEMO.trail.bucket, s3KeyPrefix: 'config' })),
  }),
  'guardduty.ListDetectors': ({ r }) => ({ DetectorIds: r.guardduty }),
  'guardduty.GetDetector': ({ a }) => ({
    Status: 'ENABLED',
    FindingPublishingFrequency: 'SIX_HOURS',
    ServiceRole: `arn:aws:iam::${a.id}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    CreatedAt: ago(500).toISOString(),
    UpdatedAt: ago(10).toISOString(),
    Tags: {},
  }),
  'guardduty.ListOrganizationAdminAccounts': () => ({ AdminAccounts: [{ AdminAccountId: MGMT.id, AdminStatus: 'ENABLED' }] }),
  'securityhub.DescribeHub': ({ a, region }) => ({
    HubArn: `arn:aws:securityhub:${region}:${a.id}:hub/default`,
    SubscribedAt: ago(400).toISOString(),
    AutoEnableControls: true,
    ControlFindingGenerator: 'SECURITY_CONTROL',
  }),
  'securityhub.GetEnabledStandards': ({ a, region }) => ({
    StandardsSubscriptions: [
      {
        StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${a.id}:subscription/cis-aws-foundations-benchmark/v/1.4.0`,
        StandardsArn: `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
        StandardsInput: {},
        StandardsStatus: 'READY',
      },
    ],
  }),
  'accessanalyzer.ListAnalyzers': ({ a, region }) => ({
    analyzers:
      a.id === MGMT.id
        ? [
            {
              arn: `arn:aws:access-analyzer:${region}:${a.id}:analyzer/org-analyzer`,
              name: 'org-analyzer',
              type: 'ORGANIZATION',
              createdAt: ago(300),
              status: 'ACTIVE',
            },
          ]
        : [],
  }),
  'accessanalyzer.ListFindings': () => ({ findings: [] }),
  'accessanalyzer.ListFindingsV2': () => ({ findings: [] }),
  'inspector2.BatchGetAccountStatus': ({ a }) => ({
    accounts: [
      {
        accountId: a.id,
        state: { status: a.id === PROD.id ? 'ENABLED' : 'DISABLED' },
        resourceState: { ec2: { status: a.id === PROD.id ? 'ENABLED' : 'DISABLED' }, ecr: { status: 'DISABLED' }, lambda: { status: 'DISABLED' } },
      },
    ],
    failedAccounts: [],
  }),

  'organizations.ListParents': (_c, i) => {
    const parent: Record<string, [string, string]> = {
      [MGMT.id]: ['r-acme', 'ROOT'],
      [PROD.id]: ['ou-acme-prod', 'ORGANIZATIONAL_UNIT'],
      [DEV.id]: ['ou-acme-dev', 'ORGANIZATIONAL_UNIT'],
      'ou-acme-prod': ['r-acme', 'ROOT'],
      'ou-acme-dev': ['r-acme', 'ROOT'],
    };
    const p = parent[i.ChildId as string] ?? ['r-acme', 'ROOT'];
    return { Parents: [{ Id: p[0], Type: p[1] }] };
  },
  'cloudtrail.ListTags': (_c, i) => ({
    ResourceTagList: ((i.ResourceIdList as string[]) ?? []).map((ResourceId) => ({ ResourceId, TagsList: tags({ owner: 'security' }) })),
  }),

  // Load balancers: production's public web ALB, with an outdated TLS policy on 443.
  'elasticloadbalancing.DescribeLoadBalancers': () => ({ LoadBalancerDescriptions: [] }),
  'elasticloadbalancingv2.DescribeLoadBalancers': ({ r }) => ({ LoadBalancers: r.albs.map((x) => strip(x, 'listeners', 'targets')) }),
  'elasticloadbalancingv2.DescribeListeners': ({ r }, i) => ({ Listeners: r.albs.find((x) => x.LoadBalancerArn === i.LoadBalancerArn)?.listeners ?? [] }),
  // Each listener has only its default rule (its default actions).
  'elasticloadbalancingv2.DescribeRules': ({ r }, i) => {
    const l = r.albs.flatMap((x) => (x.listeners ?? []) as Obj[]).find((x) => x.ListenerArn === i.ListenerArn);
    if (!l) return { Rules: [] };
    const arn = String(l.ListenerArn).replace(':listener/', ':listener-rule/');
    return { Rules: [{ RuleArn: `${arn}/default`, Priority: 'default', IsDefault: true, Conditions: [], Actions: l.DefaultActions }] };
  },
  'elasticloadbalancingv2.DescribeLoadBalancerAttributes': () => ({
    Attributes: [
      { Key: 'access_logs.s3.enabled', Value: 'false' },
      { Key: 'deletion_protection.enabled', Value: 'false' },
      { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'false' },
    ],
  }),
  'elasticloadbalancingv2.DescribeTags': (_c, i) => ({
    TagDescriptions: ((i.ResourceArns as string[]) ?? []).map((ResourceArn) => ({ ResourceArn, Tags: tags({ team: 'payments' }) })),
  }),
  'elasticloadbalancingv2.DescribeTargetGroups': ({ r }) => ({ TargetGroups: r.targetGroups.map((x) => strip(x, 'targets')) }),
  'elasticloadbalancingv2.DescribeTargetHealth': ({ r }, i) => ({
    TargetHealthDescriptions: ((r.targetGroups.find((x) => x.TargetGroupArn === i.TargetGroupArn)?.targets as string[]) ?? []).map((Id) => ({
      Target: { Id, Port: 8080 },
      TargetHealth: { State: 'healthy' },
    })),
  }),

  // Systems Manager: the managed hosts and what runs on them (application inventory).
  'ssm.DescribeInstanceInformation': ({ r }) => ({ InstanceInformationList: r.managed.map((m) => strip(m, 'apps')) }),
  'ssm.ListInventoryEntries': ({ r }, i) => ({
    InstanceId: i.InstanceId,
    TypeName: i.TypeName,
    Entries: (r.managed.find((m) => m.InstanceId === i.InstanceId)?.apps as Obj[]) ?? [],
  }),
  'ssm.DescribeParameters': ({ r }) => ({ Parameters: r.parameters }),
  'ssm.ListDocuments': () => ({ DocumentIdentifiers: [] }),

  // Container registry
  'ecr.DescribeRepositories': ({ r }) => ({ repositories: r.repositories }),
  'ecr.GetRepositoryPolicy': (_c, i) => {
    throw awsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${i.repositoryName}'`);
  },
  'ecr.DescribeImages': (_c, i) => ({
    imageDetails: [
      {
        repositoryName: i.repositoryName,
        imageDigest: `sha256:${createHash('sha256').update(String(i.repositoryName)).digest('hex')}`,
        imageTags: ['2026-11-10', 'latest'],
        imagePushedAt: ago(10),
        imageSizeInBytes: 98_304_000,
        imageScanStatus: { status: 'COMPLETE' },
      },
    ],
  }),
  'ecr.ListTagsForResource': () => ({ tags: [{ Key: 'team', Value: 'payments' }] }),

  // DNS
  'route53.ListHostedZones': ({ a }) => ({
    HostedZones:
      a.id === PROD.id
        ? [{ Id: '/hostedzone/Z0ACMEDEMO0PROD1', Name: 'acme.example.', CallerReference: 'acme-1', Config: { PrivateZone: false }, ResourceRecordSetCount: 14 }]
        : [],
    IsTruncated: false,
  }),
  'route53resolver.ListResolverQueryLogConfigs': () => ({ ResolverQueryLogConfigs: [] }),

  // Services the demo organisation does not use: empty, in their own shapes.
  'apigateway.GetRestApis': () => ({ items: [] }),
  'apigatewayv2.GetApis': () => ({ Items: [] }),
  'cloudfront.ListDistributions': () => ({ DistributionList: { Items: [], Quantity: 0, IsTruncated: false, Marker: '', MaxItems: 100 } }),
  'ecs.ListClusters': () => ({ clusterArns: [] }),
  'ecs.ListTaskDefinitionFamilies': () => ({ families: [] }),
  'efs.DescribeFileSystems': () => ({ FileSystems: [] }),
  'eks.ListClusters': () => ({ clusters: [] }),
  'eventbridge.ListRules': () => ({ Rules: [] }),
  'sfn.ListStateMachines': () => ({ stateMachines: [] }),
  'wafv2.ListWebACLs': () => ({ WebACLs: [] }),

  // Logs, alarms, messaging, secrets, tables
  'cloudwatchlogs.DescribeLogGroups': ({ r }) => ({ logGroups: r.logGroups }),
  'cloudwatchlogs.DescribeMetricFilters': () => ({ metricFilters: [] }),
  'cloudwatch.DescribeAlarms': ({ r }) => ({ MetricAlarms: r.alarms, CompositeAlarms: [] }),
  'sns.ListTopics': ({ r }) => ({ Topics: r.topics.map((t) => ({ TopicArn: t.TopicArn })) }),
  'sns.GetTopicAttributes': ({ r }, i) => ({
    Attributes: Object.fromEntries(Object.entries(r.topics.find((t) => t.TopicArn === i.TopicArn) ?? {}).map(([k, v]) => [k, String(v)])),
  }),
  'sns.ListTagsForResource': () => ({ Tags: [] }),
  'sqs.ListQueues': ({ r }) => ({ QueueUrls: r.queues.map((q) => q.QueueUrl) }),
  'sqs.GetQueueAttributes': ({ r }, i) => ({
    Attributes: Object.fromEntries(Object.entries(r.queues.find((q) => q.QueueUrl === i.QueueUrl) ?? {}).filter(([k]) => k !== 'QueueUrl')),
  }),
  'sqs.ListQueueTags': () => ({ Tags: {} }),
  'secretsmanager.ListSecrets': ({ r }) => ({ SecretList: r.secrets }),
  'secretsmanager.GetResourcePolicy': (_c, i) => ({ ARN: i.SecretId, Name: String(i.SecretId).split(':').pop() }),
  'dynamodb.ListTables': ({ r }) => ({ TableNames: r.tables.map((t) => t.TableName) }),
  'dynamodb.DescribeTable': ({ r }, i) => ({ Table: strip(r.tables.find((t) => t.TableName === i.TableName) ?? {}, 'pitr') }),
  'dynamodb.DescribeContinuousBackups': ({ r }, i) => ({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: r.tables.find((t) => t.TableName === i.TableName)?.pitr ? 'ENABLED' : 'DISABLED' },
    },
  }),
};

/** Calls the model does not know, to report after generation (they are answered with `{}`). */
export interface Responder {
  (call: CallKey, input: unknown): Promise<unknown>;
  unmodelled: Map<string, number>;
}

/**
 * Answers SDK calls from the world. A service listed in a region's `denied` throws that error (a
 * planted coverage gap). A call the model does not know returns an empty answer and is counted in
 * `unmodelled`, so the generator can say which collectors' calls still need modelling.
 */
export function demoResponder(world: OrgWorld): Responder {
  const unmodelled = new Map<string, number>();
  const fn = (async (call: CallKey, input: unknown) => {
    const account = call.account === '_' ? MGMT.id : call.account;
    const a = world.accounts.find((x) => x.id === account);
    if (!a) throw awsError('AccessDenied', 403, `not authorized in account ${account}`);
    const r = a.regions[call.region] ?? emptyRegion();
    // As in AWS: only the management account can read the organisation.
    if (call.service === 'organizations' && a.id !== MGMT.id)
      throw awsError('AccessDeniedException', 400, "You don't have permissions to access this resource.");
    const denied = r.denied[call.service];
    if (denied)
      throw awsError(
        denied,
        403,
        `User: arn:aws:sts::${a.id}:assumed-role/SkywatchAudit/skywatch-discovery is not authorized to perform: ${call.service}:${call.command}`,
      );
    const key = `${call.service}.${call.command}`;
    const h = HANDLERS[key];
    if (!h) {
      unmodelled.set(key, (unmodelled.get(key) ?? 0) + 1);
      return {};
    }
    return structuredClone(h({ a, r, region: call.region, world }, (input ?? {}) as Obj));
  }) as Responder;
  fn.unmodelled = unmodelled;
  return fn;
}
