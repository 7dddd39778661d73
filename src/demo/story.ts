/**
 * The demo organisation's cast, in one place: the recorded AWS organisation, the CloudTrail stream,
 * the flow and DNS logs, the scanner reports and the alerts all refer to these, so each stage's demo
 * data tells the same story. Everything here is fictional except the threat-intel addresses and
 * domains, which are real public listings (ipsum, Unlicense; Tor exit list, MIT; NoCoin, MIT).
 */
export const DEMO = {
  org: { id: 'o-acme0demo1', managementAccount: '111111111111' },
  accounts: {
    management: { id: '111111111111', name: 'acme-management', ou: 'Root', team: 'platform' },
    prod: { id: '222222222222', name: 'acme-prod', ou: 'Production', team: 'payments' },
    dev: { id: '333333333333', name: 'acme-dev', ou: 'Development', team: 'platform' },
  },
  regions: ['us-east-1', 'eu-west-1'] as const,

  people: {
    alice: { user: 'alice', account: '222222222222', email: 'alice@acme.example', slack: 'U0ALICE', role: 'admin without MFA, old access key' },
    bob: { user: 'bob', account: '222222222222', email: 'bob@acme.example', slack: 'U0BOB', role: 'developer who opened the database security group' },
    carol: { user: 'carol', account: '111111111111', email: 'carol@acme.example', slack: 'U0CAROL', role: 'security lead' },
    deployBot: { user: 'deploy-bot', account: '222222222222', accessKeyId: 'AKIADEMO0LEAKED0KEY1', role: 'CI user whose key leaks' },
  },

  /** The public MongoDB host: open security group, known-exploited CVE, scanned from the internet. */
  mongoHost: {
    account: '222222222222',
    region: 'us-east-1',
    instanceId: 'i-0a1b2c3d4e5f60001',
    eni: 'eni-0a1b2c3d4e5f60001',
    securityGroup: 'sg-0a1b2c3d4e5f60001',
    privateIp: '10.20.1.20',
    publicIp: '54.210.10.20',
    ports: [22, 27017],
    role: 'mongo-app',
    ami: 'ubuntu-22.04-mongodb-6.0',
  },

  /** The public database: RDS PostgreSQL whose security group bob opened to the world. */
  database: {
    account: '222222222222',
    region: 'us-east-1',
    dbInstanceId: 'orders-db',
    securityGroup: 'sg-0a1b2c3d4e5f60002',
    eni: 'eni-0a1b2c3d4e5f60002',
    privateIp: '10.20.2.30',
    publicIp: '54.210.10.30',
    port: 5432,
    openedBy: 'bob',
  },

  /**
   * The orders analytics cluster: Aurora PostgreSQL, one writer, private and otherwise well kept. Its own
   * cluster parameter group (made to turn on connection logging) leaves rds.force_ssl unset, and unlike
   * RDS for PostgreSQL 15 Aurora's default is 0: clients may connect without TLS.
   */
  analyticsCluster: {
    account: '222222222222',
    region: 'us-east-1',
    clusterId: 'orders-analytics',
    writerId: 'orders-analytics-1',
    clusterParameterGroup: 'orders-analytics-aurora-postgresql15',
    subnetGroup: 'orders-analytics',
    securityGroup: 'sg-0a1b2c3d4e5f60004',
    eni: 'eni-0a1b2c3d4e5f60004',
    privateIp: '10.20.3.50',
    port: 5432,
  },

  /** A dev instance mining cryptocurrency; its role can create IAM users. */
  miner: {
    account: '333333333333',
    region: 'eu-west-1',
    instanceId: 'i-0d1e2f3a4b5c60003',
    eni: 'eni-0d1e2f3a4b5c60003',
    privateIp: '10.30.1.40',
    publicIp: '34.240.50.40',
    role: 'ci-deployer',
    poolDomain: 'minexmr.stream',
    poolIp: '45.148.10.240',
    poolPort: 3333,
  },

  /** Listed by 8 ipsum feeds (2026-08-22 snapshot): the malicious address that reaches the database. */
  maliciousIp: '93.174.95.106',
  /** A Tor exit (SecOps-Institute list): the leaked key is used from here. */
  torExitIp: '101.99.92.179',
  /** Where the leaked key is first used: a country the identity has never been seen from. */
  attackerIp: '45.148.10.240',
  /** The scanner that sweeps the MongoDB host. */
  scannerIp: '62.60.130.242',

  buckets: {
    publicAssets: { name: 'acme-public-assets', account: '222222222222', region: 'us-east-1' },
    customerExports: { name: 'acme-customer-exports', account: '222222222222', region: 'us-east-1', tags: { 'data-classification': 'confidential' } },
    trailLogs: { name: 'acme-org-cloudtrail', account: '111111111111', region: 'us-east-1' },
  },

  lambdaWithSecrets: { account: '222222222222', region: 'us-east-1', name: 'billing-export', envSecret: 'DB_PASSWORD', urlAuth: 'NONE' },
  publicSnapshot: { account: '222222222222', region: 'us-east-1', snapshotId: 'snap-0a1b2c3d4e5f60009' },
  trail: { name: 'acme-org-trail', account: '111111111111', region: 'us-east-1', bucket: 'acme-org-cloudtrail' },

  /** The demo's clock: everything happens in the week before this instant. */
  now: '2026-11-20T12:00:00.000Z',
} as const;
