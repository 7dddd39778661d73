import { DEMO } from './story.js';

/**
 * The demo organisation's CloudTrail, generated deterministically (seeded PRNG, fixed clock): a week
 * of ordinary work, the records of who created or changed the planted resources (owner
 * attribution reads these), and the attack story — deploy-bot's leaked key is tried from a Tor
 * exit, used from a new country, enumerates, creates an access key for alice, and with it stops
 * the organisation trail. `scripts/gen-demo-cloudtrail.ts` writes the result under
 * `demo/cloudtrail/` in the S3 delivery layout.
 */
type Rec = Record<string, unknown>;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROD = DEMO.accounts.prod.id;
const MGMT = DEMO.accounts.management.id;
const DEV = DEMO.accounts.dev.id;
const OFFICE_IP = '81.2.69.160';
const HOME_IP = '81.2.69.142';
const CI_IP = '3.91.171.10';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15';
const CLI = 'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.11.9 cmd/';
const TERRAFORM = 'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0';
const BOTO = 'Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.2';
const KALI = 'aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/';

interface Actor {
  userIdentity: Rec;
  ip: string;
  ua: string;
}

const iamUser = (name: string, account: string, key: string): Rec => ({
  type: 'IAMUser',
  principalId: `AIDA${name.toUpperCase().replace(/[^A-Z]/g, '')}DEMO000`,
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  accessKeyId: key,
  userName: name,
});

const roleSession = (account: string, role: string, session: string, key: string, mfa = false): Rec => ({
  type: 'AssumedRole',
  principalId: `AROA${role.toUpperCase().replace(/[^A-Z]/g, '')}DEMO:${session}`,
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
  accountId: account,
  accessKeyId: key,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: `AROA${role.toUpperCase().replace(/[^A-Z]/g, '')}DEMO`,
      arn: `arn:aws:iam::${account}:role/${role}`,
      accountId: account,
      userName: role,
    },
    attributes: { creationDate: '2026-11-13T00:00:00Z', mfaAuthenticated: String(mfa) },
  },
});

export interface DemoTrailFile {
  /** Path under demo/cloudtrail, S3 delivery layout. */
  path: string;
  records: Rec[];
}

export function generateDemoCloudTrail(seed = 20261120): DemoTrailFile[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const records: Rec[] = [];

  const emit = (
    t: number,
    actor: Actor,
    service: string,
    action: string,
    o: { region?: string; account?: string; readOnly?: boolean; req?: Rec | null; resp?: Rec | null; error?: [string, string]; extra?: Rec } = {},
  ) => {
    const account = o.account ?? String(actor.userIdentity.accountId);
    records.push({
      eventVersion: '1.09',
      userIdentity: actor.userIdentity,
      eventTime: new Date(t).toISOString().replace('.000', ''),
      eventSource: `${service}.amazonaws.com`,
      eventName: action,
      awsRegion: o.region ?? 'us-east-1',
      sourceIPAddress: actor.ip,
      userAgent: actor.ua,
      ...(o.error && { errorCode: o.error[0], errorMessage: o.error[1] }),
      requestParameters: o.req ?? null,
      responseElements: o.resp ?? null,
      requestID: uuid(),
      eventID: uuid(),
      readOnly: o.readOnly ?? /^(Describe|List|Get|Head|Lookup)/.test(action),
      eventType: action === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
      ...o.extra,
    });
  };

  const alice: Actor = { userIdentity: iamUser('alice', PROD, 'AKIADEMO0ALICE0OLD01'), ip: OFFICE_IP, ua: CLI };
  const aliceConsole: Actor = { ...alice, ua: BROWSER };
  const bob: Actor = { userIdentity: iamUser('bob', PROD, 'AKIADEMO00BOB0KEY001'), ip: OFFICE_IP, ua: CLI };
  const deployBot: Actor = { userIdentity: iamUser('deploy-bot', PROD, DEMO.people.deployBot.accessKeyId), ip: CI_IP, ua: TERRAFORM };
  const carol: Actor = { userIdentity: roleSession(MGMT, 'SecurityAudit', 'carol@acme.example', 'ASIADEMO0CAROL00001', true), ip: HOME_IP, ua: BROWSER };
  const mongo: Actor = {
    userIdentity: roleSession(PROD, DEMO.mongoHost.role, DEMO.mongoHost.instanceId, 'ASIADEMO0MONGO00001'),
    ip: DEMO.mongoHost.publicIp,
    ua: BOTO,
  };
  const miner: Actor = { userIdentity: roleSession(DEV, DEMO.miner.role, DEMO.miner.instanceId, 'ASIADEMO0MINER00001'), ip: DEMO.miner.publicIp, ua: BOTO };

  const start = Date.parse('2026-11-13T00:00:00Z');
  const end = Date.parse(DEMO.now);
  const H = 3_600_000;
  const M = 60_000;

  // Provenance of the planted resources, early in the week (owner attribution reads these).
  const t0 = start + 9 * H;
  emit(t0 + 5 * M, { ...carol, ua: CLI }, 'cloudtrail', 'CreateTrail', {
    account: MGMT,
    req: { name: DEMO.trail.name, s3BucketName: DEMO.trail.bucket, isMultiRegionTrail: true, isOrganizationTrail: true },
    resp: { name: DEMO.trail.name, trailARN: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/${DEMO.trail.name}`, s3BucketName: DEMO.trail.bucket },
  });
  emit(t0 + 20 * M, bob, 'ec2', 'CreateSecurityGroup', {
    req: { groupName: 'orders-db', groupDescription: 'orders database', vpcId: 'vpc-0a1b2c3d4e5f60001' },
    resp: { groupId: DEMO.database.securityGroup, _return: true },
  });
  emit(t0 + 25 * M, bob, 'rds', 'CreateDBInstance', {
    req: { dBInstanceIdentifier: DEMO.database.dbInstanceId, engine: 'postgres', publiclyAccessible: true, vpcSecurityGroupIds: [DEMO.database.securityGroup] },
    resp: { dBInstanceIdentifier: DEMO.database.dbInstanceId, dBInstanceArn: `arn:aws:rds:us-east-1:${PROD}:db:${DEMO.database.dbInstanceId}` },
  });
  emit(t0 + 40 * M, bob, 'ec2', 'RunInstances', {
    req: {
      instanceType: 't3.large',
      instancesSet: { items: [{ imageId: 'ami-0mongodb60ubuntu22', minCount: 1, maxCount: 1 }] },
      iamInstanceProfile: { name: DEMO.mongoHost.role },
    },
    resp: { instancesSet: { items: [{ instanceId: DEMO.mongoHost.instanceId, privateIpAddress: DEMO.mongoHost.privateIp }] } },
  });
  emit(t0 + 45 * M, alice, 'ec2', 'AuthorizeSecurityGroupIngress', {
    req: {
      groupId: DEMO.mongoHost.securityGroup,
      ipPermissions: {
        items: DEMO.mongoHost.ports.map((p) => ({ ipProtocol: 'tcp', fromPort: p, toPort: p, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } })),
      },
    },
    resp: { _return: true },
  });
  emit(t0 + 60 * M, alice, 's3', 'CreateBucket', { req: { bucketName: DEMO.buckets.publicAssets.name } });
  emit(t0 + 62 * M, alice, 's3', 'PutBucketPolicy', {
    req: {
      bucketName: DEMO.buckets.publicAssets.name,
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${DEMO.buckets.publicAssets.name}/*` }],
      },
    },
  });
  emit(t0 + 70 * M, alice, 's3', 'CreateBucket', { req: { bucketName: DEMO.buckets.customerExports.name } });
  emit(t0 + 80 * M, deployBot, 'lambda', 'CreateFunction20150331', {
    req: { functionName: DEMO.lambdaWithSecrets.name, runtime: 'python3.12', environment: { variables: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
    resp: { functionArn: `arn:aws:lambda:us-east-1:${PROD}:function:${DEMO.lambdaWithSecrets.name}` },
  });
  emit(t0 + 82 * M, deployBot, 'lambda', 'CreateFunctionUrlConfig20211031', {
    req: { functionName: DEMO.lambdaWithSecrets.name, authType: DEMO.lambdaWithSecrets.urlAuth },
  });
  emit(
    t0 + 100 * M,
    { ...miner, userIdentity: roleSession(DEV, DEMO.miner.role, 'github-actions', 'ASIADEMO0CIDEPLOY001'), ip: CI_IP, ua: TERRAFORM },
    'ec2',
    'RunInstances',
    {
      region: DEMO.miner.region,
      req: { instanceType: 'c5.2xlarge', instancesSet: { items: [{ imageId: 'ami-0dev0builder', minCount: 1, maxCount: 1 }] } },
      resp: { instancesSet: { items: [{ instanceId: DEMO.miner.instanceId }] } },
    },
  );
  emit(t0 + 120 * M, alice, 'ec2', 'CreateSnapshot', { req: { volumeId: 'vol-0a1b2c3d4e5f60009' }, resp: { snapshotId: DEMO.publicSnapshot.snapshotId } });
  emit(t0 + 125 * M, alice, 'ec2', 'ModifySnapshotAttribute', {
    req: {
      snapshotId: DEMO.publicSnapshot.snapshotId,
      attributeType: 'CREATE_VOLUME_PERMISSION',
      createVolumePermission: { add: { items: [{ group: 'all' }] } },
    },
    resp: { _return: true },
  });
  // Bob opens the database to the world on the second day (the story's root cause).
  emit(start + 24 * H + 15 * H + 12 * M, bob, 'ec2', 'AuthorizeSecurityGroupIngress', {
    req: {
      groupId: DEMO.database.securityGroup,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: DEMO.database.port,
            toPort: DEMO.database.port,
            ipRanges: { items: [{ cidrIp: '0.0.0.0/0', description: 'temp: debug from home' }] },
          },
        ],
      },
    },
    resp: {
      _return: true,
      securityGroupRuleSet: { items: [{ groupId: DEMO.database.securityGroup, isEgress: false, fromPort: DEMO.database.port, cidrIpv4: '0.0.0.0/0' }] },
    },
  });

  // A week of ordinary work.
  const aliceReads = ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeVolumes', 'DescribeDBInstances'] as const;
  const bobReads: [string, string][] = [
    ['ec2', 'DescribeInstances'],
    ['logs', 'FilterLogEvents'],
    ['logs', 'DescribeLogGroups'],
    ['rds', 'DescribeDBInstances'],
    ['s3', 'ListBuckets'],
    ['cloudwatch', 'GetMetricData'],
  ];
  for (let h = start; h < end - 3 * H; h += H) {
    const d = new Date(h);
    const weekday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
    const hour = d.getUTCHours();
    const work = weekday && hour >= 8 && hour < 18;
    // The MongoDB app polls its config every hour, day and night.
    for (let i = 0; i < 2; i++)
      emit(h + Math.floor(rnd() * 59) * M, mongo, 'ssm', 'GetParameter', { req: { name: '/mongo-app/config', withDecryption: false } });
    emit(h + Math.floor(rnd() * 59) * M, miner, 's3', 'ListBuckets', { region: DEMO.miner.region });
    if (!work) continue;
    if (hour === 9) {
      emit(h + 2 * M, aliceConsole, 'signin', 'ConsoleLogin', {
        resp: { ConsoleLogin: 'Success' },
        extra: { additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' } },
      });
      emit(h + 4 * M, carol, 'signin', 'ConsoleLogin', {
        account: MGMT,
        resp: { ConsoleLogin: 'Success' },
        extra: { additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'Yes' } },
      });
    }
    for (let i = 0; i < 4; i++) emit(h + Math.floor(rnd() * 59) * M, aliceConsole, 'ec2', pick(aliceReads));
    for (let i = 0; i < 6; i++) {
      const [svc, act] = pick(bobReads);
      emit(h + Math.floor(rnd() * 59) * M, bob, svc, act);
    }
    emit(h + Math.floor(rnd() * 59) * M, carol, 'securityhub', 'GetFindings', { account: MGMT });
    if (hour === 11 || hour === 15) {
      // CI deploys through Terraform: read state, push code, tag.
      const t = h + 30 * M;
      emit(t, deployBot, 'sts', 'GetCallerIdentity');
      emit(t + 10_000, deployBot, 'lambda', 'GetFunction20150331v2', { req: { functionName: DEMO.lambdaWithSecrets.name } });
      emit(t + 20_000, deployBot, 'lambda', 'UpdateFunctionCode20150331v2', { req: { functionName: DEMO.lambdaWithSecrets.name, publish: true } });
      emit(t + 30_000, deployBot, 'ecr', 'GetAuthorizationToken');
    }
  }

  // The attack, on the last morning.
  const a0 = Date.parse('2026-11-20T09:05:00Z');
  const tor: Actor = { ...deployBot, ip: DEMO.torExitIp, ua: KALI };
  const attacker: Actor = { ...deployBot, ip: DEMO.attackerIp, ua: KALI };
  emit(a0, tor, 'sts', 'GetCallerIdentity');
  emit(a0 + 7 * M, attacker, 'sts', 'GetCallerIdentity');
  const recon: [string, string, boolean][] = [
    ['iam', 'ListUsers', false],
    ['iam', 'ListRoles', false],
    ['iam', 'ListAttachedUserPolicies', false],
    ['iam', 'GetAccountAuthorizationDetails', true],
    ['iam', 'ListAccessKeys', false],
    ['iam', 'GetAccountSummary', true],
    ['s3', 'ListBuckets', false],
    ['ec2', 'DescribeInstances', false],
    ['ec2', 'DescribeSecurityGroups', false],
    ['ec2', 'DescribeVpcs', false],
    ['ec2', 'DescribeSubnets', false],
    ['ec2', 'DescribeSnapshots', false],
    ['ec2', 'DescribeImages', false],
    ['ec2', 'DescribeKeyPairs', false],
    ['rds', 'DescribeDBInstances', false],
    ['rds', 'DescribeDBSnapshots', false],
    ['lambda', 'ListFunctions20150331', false],
    ['secretsmanager', 'ListSecrets', true],
    ['ssm', 'DescribeParameters', true],
    ['kms', 'ListKeys', false],
    ['dynamodb', 'ListTables', false],
    ['sns', 'ListTopics', false],
    ['sqs', 'ListQueues', false],
    ['cloudtrail', 'DescribeTrails', false],
    ['guardduty', 'ListDetectors', true],
    ['organizations', 'DescribeOrganization', true],
    ['organizations', 'ListAccounts', true],
    ['ecr', 'DescribeRepositories', false],
    ['ecs', 'ListClusters', false],
    ['eks', 'ListClusters', false],
    ['elasticloadbalancing', 'DescribeLoadBalancers', false],
    ['route53', 'ListHostedZones', false],
    ['cloudformation', 'DescribeStacks', false],
    ['logs', 'DescribeLogGroups', false],
  ];
  recon.forEach(([svc, act, deny], i) => {
    emit(a0 + 9 * M + i * 9_000, attacker, svc, act, {
      ...(deny && { error: ['AccessDenied', `User: arn:aws:iam::${PROD}:user/deploy-bot is not authorized to perform: ${svc}:${act}`] as [string, string] }),
    });
  });
  emit(a0 + 26 * M, attacker, 'iam', 'CreateAccessKey', {
    req: { userName: 'alice' },
    resp: { accessKey: { accessKeyId: 'AKIADEMO0ALICE0NEW01', userName: 'alice', status: 'Active', createDate: 'Nov 20, 2026, 9:31:00 AM' } },
  });
  const aliceStolen: Actor = { userIdentity: iamUser('alice', PROD, 'AKIADEMO0ALICE0NEW01'), ip: DEMO.attackerIp, ua: KALI };
  emit(a0 + 30 * M, aliceStolen, 'sts', 'AssumeRole', {
    req: { roleArn: `arn:aws:iam::${MGMT}:role/OrganizationAdmin`, roleSessionName: 'alice' },
    resp: { assumedRoleUser: { arn: `arn:aws:sts::${MGMT}:assumed-role/OrganizationAdmin/alice` }, credentials: { accessKeyId: 'ASIADEMO0ATTACK00001' } },
  });
  const mgmtSession: Actor = { userIdentity: roleSession(MGMT, 'OrganizationAdmin', 'alice', 'ASIADEMO0ATTACK00001'), ip: DEMO.attackerIp, ua: KALI };
  emit(a0 + 34 * M, mgmtSession, 'cloudtrail', 'StopLogging', {
    account: MGMT,
    req: { name: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/${DEMO.trail.name}` },
  });

  // S3 delivery layout: one gzip object per account, region and day (kept few for the repository).
  records.sort((x, y) => String(x.eventTime).localeCompare(String(y.eventTime)) || String(x.eventID).localeCompare(String(y.eventID)));
  const files = new Map<string, Rec[]>();
  for (const r of records) {
    const acct = String(r.recipientAccountId);
    const region = String(r.awsRegion);
    const t = String(r.eventTime);
    const [y, mo, dd] = t.slice(0, 10).split('-');
    const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}T0000Z`;
    const path = `AWSLogs/${DEMO.org.id}/${acct}/CloudTrail/${region}/${y}/${mo}/${dd}/${acct}_CloudTrail_${region}_${stamp}_demo.json.gz`;
    const list = files.get(path) ?? [];
    list.push(r);
    files.set(path, list);
  }
  return [...files.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([path, recs]) => ({ path, records: recs }));
}
