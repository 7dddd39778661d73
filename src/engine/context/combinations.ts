import type { Finding } from '../../core/finding.js';
import type { ResourceRecord } from '../../core/resource.js';
import type { Severity } from '../../core/severity.js';
import { mentions, sightingText } from './factors.js';
import type { ContextIndex, SightingHow } from './index.js';
import { DATABASE_APPLICATIONS, PORT_APPLICATIONS, worldOpenPorts } from './sources.js';

/**
 * Toxic combinations: conditions that are each tolerable and together an attack path. A rule is
 * scoped to one anchor resource and its graph neighbourhood; it returns the findings it joins (they
 * become one alert, the root cause) and the combination in words. Small, pure, with fixtures: the
 * contract-style test in combinations.test.ts runs every rule's hit and miss.
 */
export interface CombinationMatch {
  findings: Finding[];
  factors: string[];
}

export interface CombinationFixture {
  name: string;
  resources: (Partial<ResourceRecord> & Pick<ResourceRecord, 'id' | 'type'>)[];
  edges?: { from: string; to: string; kind: string }[];
  findings?: (Partial<Finding> & Pick<Finding, 'ruleId'>)[];
  /** Intel listings by address, as the injected lookup would return them. */
  intel?: Record<string, { feed: string; category?: 'malicious' | 'tor' | 'mining' | 'scanner' | 'c2' | 'other' }[]>;
  vulnerabilities?: Record<string, { id: string; severity: Severity; kev?: boolean }[]>;
  anchor: string;
  expect: boolean;
}

export interface CombinationRule {
  id: string;
  title: string;
  severity: Severity;
  /** Resource types the rule anchors on. */
  anchors: readonly string[];
  match(r: ResourceRecord, ix: ContextIndex): CombinationMatch | null;
  fixtures: readonly CombinationFixture[];
}

function rule(r: CombinationRule): CombinationRule {
  return Object.freeze(r);
}

const cfg = <T>(r: ResourceRecord | undefined) => (r?.config ?? {}) as T;
const hostsBehind = (sg: ResourceRecord, ix: ContextIndex) => ix.graph.neighbours(sg.id, { kind: 'uses-security-group', direction: 'in' });
const groupsOf = (r: ResourceRecord, ix: ContextIndex) => ix.graph.neighbours(r.id, { kind: 'uses-security-group', direction: 'out' });
const roleOf = (r: ResourceRecord, ix: ContextIndex) => ix.graph.neighbours(r.id, { kind: 'has-role', direction: 'out' })[0];
const configFindings = (id: string, ix: ContextIndex, ...words: string[]) =>
  ix.findingsOn(id).filter((f) => f.source === 'config' && (words.length === 0 || mentions(f, ...words)));
const anyFindings = (id: string, ix: ContextIndex, pred: (f: Finding) => boolean) => ix.findingsAround(id).filter(pred);
const exposed = (r: ResourceRecord, ix: ContextIndex) => ix.exposure(r.id)?.internetExposed === true;
const admin = (r: ResourceRecord, ix: ContextIndex) => ix.privileges(r.id).find((p) => p.admin);

/** The resource's intel sightings (strongest and latest first, as the index orders them) and their findings. */
/** `r`'s sightings (of a category; seen in one way, as `how`) and the findings they come from. */
function bySightings(r: ResourceRecord, ix: ContextIndex, category?: string, how?: SightingHow) {
  const s = ix.sightings(r.id).filter((x) => (!category || x.categories.includes(category)) && (!how || x.how === how));
  const ids = new Set(s.map((x) => x.findingId));
  return { sightings: s, findings: ix.findingsAround(r.id).filter((f) => ids.has(f.id)) };
}

// ---- fixture building blocks (the demo's shapes, in miniature) ----
const SG = 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1';
const DB = 'arn:aws:rds:us-east-1:222222222222:db:orders-db';
const I = 'arn:aws:ec2:us-east-1:222222222222:instance/i-1';
const ROLE = 'arn:aws:iam::222222222222:role/app';
const openSg = (port: number) => ({
  id: SG,
  type: 'aws.ec2.security-group',
  name: 'db-sg',
  config: { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
});
const closedSg = { id: SG, type: 'aws.ec2.security-group', name: 'db-sg', config: { GroupId: 'sg-1', IpPermissions: [] } };
const rds = (pub = true) => ({
  id: DB,
  type: 'aws.rds.db-instance',
  name: 'orders-db',
  config: { Engine: 'postgres', PubliclyAccessible: pub, StorageEncrypted: false },
});
const instance = (extra: Record<string, unknown> = {}) => ({
  id: I,
  type: 'aws.ec2.instance',
  name: 'web-1',
  config: { PublicIpAddress: '54.0.0.1', PrivateIpAddress: '10.0.0.5', ...extra },
});
const adminRole = { id: ROLE, type: 'aws.iam.role', name: 'app', config: { attachedPolicies: [{ PolicyName: 'AdministratorAccess' }] } };
const plainRole = { id: ROLE, type: 'aws.iam.role', name: 'app', config: { attachedPolicies: [{ PolicyName: 'ReadOnlyAccess' }] } };
const createUsersRole = {
  id: ROLE,
  type: 'aws.iam.role',
  name: 'app',
  config: { inlinePolicies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }] } }] },
};
const sgOpenFinding = (port: number) => ({ ruleId: 'aws-ec2-security-group-no-world-ingress', resourceId: SG, source: 'config' as const, evidence: { port } });
const bad = '93.174.95.106';
const flow = (resourceId: string, ip = bad) => ({
  ruleId: 'network-intel-inbound-accepted',
  resourceId,
  source: 'network' as const,
  evidence: { srcAddr: ip, action: 'ACCEPT' },
});
const listed = { [bad]: [{ feed: 'ipsum-1' }, { feed: 'ipsum-2' }, { feed: 'ipsum-3' }, { feed: 'ipsum-4' }] };

export const COMBINATIONS: readonly CombinationRule[] = [
  rule({
    id: 'open-database-sg-with-malicious-traffic',
    title: 'Database security group open to the internet, and a malicious address got in',
    severity: 'critical',
    anchors: ['aws.ec2.security-group'],
    match(sg, ix) {
      const ports = worldOpenPorts(sg);
      const open = configFindings(sg.id, ix);
      if (!ports.length || !open.length) return null;
      // Hosts, not their network interfaces (an ENI's traffic is counted on its host).
      for (const host of hostsBehind(sg, ix).filter((h) => h.type !== 'aws.ec2.network-interface')) {
        const db = ix.applications(host.id).find((a) => DATABASE_APPLICATIONS.has(a.name));
        if (!db) continue;
        // "Got in": accepted traffic the address started, not our own connections to it.
        const { sightings, findings } = bySightings(host, ix, undefined, 'from');
        if (!sightings.length) continue;
        const dbPorts = ports.filter((p) => p === -1 || DATABASE_APPLICATIONS.has(PORT_APPLICATIONS[p] ?? ''));
        return {
          findings: [...open, ...findings],
          factors: [
            `security group ${sg.name} open to 0.0.0.0/0 on ${dbPorts.length ? dbPorts.map((p) => (p === -1 ? 'all ports' : p)).join(', ') : ports.join(', ')}`,
            `attached to ${host.name} running ${db.name}`,
            sightingText(sightings[0] as (typeof sightings)[number], ix.now),
          ],
        };
      }
      return null;
    },
    fixtures: [
      {
        name: 'open 5432 on RDS PostgreSQL, listed address accepted',
        resources: [openSg(5432), rds()],
        edges: [{ from: DB, to: SG, kind: 'uses-security-group' }],
        findings: [sgOpenFinding(5432), flow(DB)],
        intel: listed,
        anchor: SG,
        expect: true,
      },
      {
        name: 'open group but no listed traffic',
        resources: [openSg(5432), rds()],
        edges: [{ from: DB, to: SG, kind: 'uses-security-group' }],
        findings: [sgOpenFinding(5432), flow(DB, '198.51.100.9')],
        anchor: SG,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'exposed-instance-kev-admin-role',
    title: 'Internet-exposed instance with a known-exploited vulnerability and an admin role',
    severity: 'critical',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const kev = ix.vulnerabilities(r.id).find((v) => v.kev);
      const a = admin(r, ix);
      if (!exposed(r, ix) || !kev || !a) return null;
      return {
        findings: anyFindings(r.id, ix, (f) => f.source === 'vulnerability' || f.resourceId === r.id),
        factors: [
          `${r.name} is reachable from the internet`,
          `${kev.id} is known to be exploited (CISA KEV)`,
          `its role ${a.principal.split('/').pop()} is an administrator`,
        ],
      };
    },
    fixtures: [
      {
        name: 'exposed, KEV, admin',
        resources: [openSg(443), instance(), adminRole],
        edges: [
          { from: I, to: SG, kind: 'uses-security-group' },
          { from: I, to: ROLE, kind: 'has-role' },
        ],
        findings: [{ ruleId: 'vuln-cve', resourceId: I, source: 'vulnerability', evidence: { cve: 'CVE-2023-4966', kev: true } }],
        anchor: I,
        expect: true,
      },
      {
        name: 'KEV and admin but not exposed',
        resources: [closedSg, instance(), adminRole],
        edges: [
          { from: I, to: SG, kind: 'uses-security-group' },
          { from: I, to: ROLE, kind: 'has-role' },
        ],
        findings: [{ ruleId: 'vuln-cve', resourceId: I, source: 'vulnerability', evidence: { cve: 'CVE-2023-4966', kev: true } }],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'public-bucket-with-sensitive-data',
    title: 'Public bucket holding sensitive-tagged data',
    severity: 'critical',
    anchors: ['aws.s3.bucket'],
    match(b, ix) {
      const pub = configFindings(b.id, ix, 'public');
      const data = ix.sensitivity(b.id);
      if (!pub.length || !data) return null;
      return { findings: pub, factors: [`bucket ${b.name} is public`, `it holds data tagged ${data}`] };
    },
    fixtures: [
      {
        name: 'public and confidential',
        resources: [{ id: 'arn:aws:s3:::exports', type: 'aws.s3.bucket', name: 'exports', tags: { 'data-classification': 'confidential' }, config: {} }],
        findings: [{ ruleId: 'aws-s3-bucket-not-public', resourceId: 'arn:aws:s3:::exports', title: 'Bucket is public' }],
        anchor: 'arn:aws:s3:::exports',
        expect: true,
      },
      {
        name: 'public, untagged',
        resources: [{ id: 'arn:aws:s3:::assets', type: 'aws.s3.bucket', name: 'assets', config: {} }],
        findings: [{ ruleId: 'aws-s3-bucket-not-public', resourceId: 'arn:aws:s3:::assets' }],
        anchor: 'arn:aws:s3:::assets',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'admin-key-used-from-new-country',
    title: "An administrator's access key used from a new country",
    severity: 'critical',
    anchors: ['aws.iam.user'],
    match(u, ix) {
      const a = admin(u, ix);
      const geo = ix
        .findingsOn(u.id)
        .filter(
          (f) =>
            f.source === 'activity' &&
            (mentions(f, 'new-country', 'new country', 'geo', 'unusual-location') || Boolean((f.evidence as { newCountry?: unknown }).newCountry)),
        );
      if (!a || !geo.length) return null;
      const country = (geo[0]?.evidence as { country?: string } | undefined)?.country;
      return { findings: geo, factors: [`${u.name} is an administrator`, `its access key was used from ${country ?? 'a country never seen before'}`] };
    },
    fixtures: [
      {
        name: 'admin user, new-country login',
        resources: [
          { id: 'arn:aws:iam::2:user/alice', type: 'aws.iam.user', name: 'alice', config: { attachedPolicies: [{ PolicyName: 'AdministratorAccess' }] } },
        ],
        findings: [
          { ruleId: 'aws-cloudtrail-access-key-new-country', resourceId: 'arn:aws:iam::2:user/alice', source: 'activity', evidence: { country: 'RU' } },
        ],
        anchor: 'arn:aws:iam::2:user/alice',
        expect: true,
      },
      {
        name: 'read-only user, new-country login',
        resources: [{ id: 'arn:aws:iam::2:user/dave', type: 'aws.iam.user', name: 'dave', config: { attachedPolicies: [{ PolicyName: 'ReadOnlyAccess' }] } }],
        findings: [{ ruleId: 'aws-cloudtrail-access-key-new-country', resourceId: 'arn:aws:iam::2:user/dave', source: 'activity' }],
        anchor: 'arn:aws:iam::2:user/dave',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'lambda-public-url-with-secrets',
    title: 'Lambda with a public function URL and secrets in its environment',
    severity: 'critical',
    anchors: ['aws.lambda.function'],
    match(fn, ix) {
      const c = cfg<{ urlConfig?: { AuthType?: string } | null; Environment?: { Variables?: Record<string, string> } }>(fn);
      const secrets = Object.keys(c.Environment?.Variables ?? {}).filter((k) => /secret|passw|token|api_?key|private/i.test(k));
      if (c.urlConfig?.AuthType !== 'NONE' || !secrets.length) return null;
      return { findings: ix.findingsOn(fn.id), factors: [`function URL of ${fn.name} needs no authentication`, `environment holds ${secrets.join(', ')}`] };
    },
    fixtures: [
      {
        name: 'URL auth NONE and DB_PASSWORD',
        resources: [
          {
            id: 'arn:aws:lambda:us-east-1:2:function:billing',
            type: 'aws.lambda.function',
            name: 'billing',
            config: { urlConfig: { AuthType: 'NONE' }, Environment: { Variables: { DB_PASSWORD: 'x' } } },
          },
        ],
        anchor: 'arn:aws:lambda:us-east-1:2:function:billing',
        expect: true,
      },
      {
        name: 'URL with IAM auth',
        resources: [
          {
            id: 'arn:aws:lambda:us-east-1:2:function:billing',
            type: 'aws.lambda.function',
            name: 'billing',
            config: { urlConfig: { AuthType: 'AWS_IAM' }, Environment: { Variables: { DB_PASSWORD: 'x' } } },
          },
        ],
        anchor: 'arn:aws:lambda:us-east-1:2:function:billing',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'crypto-miner-role-can-create-users',
    title: 'Instance mining cryptocurrency whose role can create IAM users',
    severity: 'critical',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const mining = anyFindings(r.id, ix, (f) => mentions(f, 'mining', 'miner', 'crypto'));
      const viaIntel = bySightings(r, ix, 'mining').findings;
      const p = ix.privileges(r.id).find((x) => x.canCreateUsers);
      const all = [...new Set([...mining, ...viaIntel])];
      if (!all.length || !p) return null;
      return { findings: all, factors: [`${r.name} talks to a cryptocurrency mining pool`, `its role ${p.principal.split('/').pop()} can create IAM users`] };
    },
    fixtures: [
      {
        name: 'mining and iam:CreateUser',
        resources: [instance(), createUsersRole],
        edges: [{ from: I, to: ROLE, kind: 'has-role' }],
        findings: [{ ruleId: 'network-crypto-mining-pool', resourceId: I, source: 'network' }],
        anchor: I,
        expect: true,
      },
      {
        name: 'mining, read-only role',
        resources: [instance(), plainRole],
        edges: [{ from: I, to: ROLE, kind: 'has-role' }],
        findings: [{ ruleId: 'network-crypto-mining-pool', resourceId: I, source: 'network' }],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'exposed-host-scanned-and-vulnerable',
    title: 'Internet-exposed host that is being scanned and has a high or critical vulnerability',
    severity: 'high',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const scans = anyFindings(r.id, ix, (f) => f.source === 'network' && mentions(f, 'scan'));
      const v = ix.vulnerabilities(r.id).find((x) => x.severity === 'critical' || x.severity === 'high');
      if (!exposed(r, ix) || !scans.length || !v) return null;
      return {
        findings: [...scans, ...ix.findingsOn(r.id).filter((f) => f.source === 'vulnerability')],
        factors: [
          `${r.name} is reachable from the internet`,
          `it is being scanned (${scans.length} scan finding${scans.length > 1 ? 's' : ''})`,
          `${v.id} (${v.severity})`,
        ],
      };
    },
    fixtures: [
      {
        name: 'exposed, scanned, critical CVE',
        resources: [openSg(27017), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [
          { ruleId: 'network-port-scan', resourceId: I, source: 'network' },
          { ruleId: 'vuln', resourceId: I, source: 'vulnerability', severity: 'critical', evidence: { cve: 'CVE-2024-1' } },
        ],
        anchor: I,
        expect: true,
      },
      {
        name: 'scanned, no vulnerability',
        resources: [openSg(27017), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [{ ruleId: 'network-port-scan', resourceId: I, source: 'network' }],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'public-unencrypted-snapshot',
    title: 'Snapshot shared publicly and not encrypted',
    severity: 'high',
    anchors: ['aws.ec2.snapshot', 'aws.rds.db-snapshot'],
    match(s, ix) {
      const c = cfg<{
        Encrypted?: boolean;
        createVolumePermissions?: { Group?: string }[];
        attributes?: { AttributeName?: string; AttributeValues?: string[] }[];
      }>(s);
      const pub =
        (c.createVolumePermissions ?? []).some((p) => p.Group === 'all') ||
        (c.attributes ?? []).some((a) => a.AttributeName === 'restore' && a.AttributeValues?.includes('all'));
      if (!pub || c.Encrypted !== false) return null;
      return { findings: ix.findingsOn(s.id), factors: [`${s.name} can be restored by any AWS account`, 'its data is not encrypted'] };
    },
    fixtures: [
      {
        name: 'public EBS snapshot, unencrypted',
        resources: [{ id: 'snap-1', type: 'aws.ec2.snapshot', name: 'snap-1', config: { Encrypted: false, createVolumePermissions: [{ Group: 'all' }] } }],
        anchor: 'snap-1',
        expect: true,
      },
      {
        name: 'private snapshot',
        resources: [{ id: 'snap-1', type: 'aws.ec2.snapshot', name: 'snap-1', config: { Encrypted: false, createVolumePermissions: [] } }],
        anchor: 'snap-1',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'public-database-unencrypted',
    title: 'Publicly accessible database with unencrypted storage',
    severity: 'high',
    anchors: ['aws.rds.db-instance'],
    match(db, ix) {
      const c = cfg<{ PubliclyAccessible?: boolean; StorageEncrypted?: boolean }>(db);
      if (!c.PubliclyAccessible || c.StorageEncrypted !== false) return null;
      if (!groupsOf(db, ix).some((g) => worldOpenPorts(g).length)) return null;
      return {
        findings: ix.findingsOn(db.id),
        factors: [`${db.name} is publicly accessible and its group is open to the internet`, 'its storage is not encrypted'],
      };
    },
    fixtures: [
      {
        name: 'public, open group, unencrypted',
        resources: [openSg(5432), rds(true)],
        edges: [{ from: DB, to: SG, kind: 'uses-security-group' }],
        anchor: DB,
        expect: true,
      },
      {
        name: 'private database',
        resources: [openSg(5432), rds(false)],
        edges: [{ from: DB, to: SG, kind: 'uses-security-group' }],
        anchor: DB,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'open-ssh-with-brute-force',
    title: 'SSH or RDP open to the internet and under brute force',
    severity: 'high',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const ports = groupsOf(r, ix).flatMap(worldOpenPorts);
      if (!ports.some((p) => p === 22 || p === 3389 || p === -1)) return null;
      const brute = anyFindings(r.id, ix, (f) => mentions(f, 'brute', 'password-spray', 'ssh-auth'));
      if (!brute.length) return null;
      return {
        findings: [...brute, ...groupsOf(r, ix).flatMap((g) => configFindings(g.id, ix))],
        factors: [
          `${r.name} has ${ports.includes(3389) ? 'RDP' : 'SSH'} open to 0.0.0.0/0`,
          `brute-force attempts against it (${brute.length} finding${brute.length > 1 ? 's' : ''})`,
        ],
      };
    },
    fixtures: [
      {
        name: 'SSH open, brute force',
        resources: [openSg(22), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [{ ruleId: 'network-ssh-brute-force', resourceId: I, source: 'network' }],
        anchor: I,
        expect: true,
      },
      {
        name: 'SSH closed, brute force',
        resources: [closedSg, instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [{ ruleId: 'network-ssh-brute-force', resourceId: I, source: 'network' }],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'admin-user-without-mfa',
    title: 'Administrator with a console password and no MFA',
    severity: 'high',
    anchors: ['aws.iam.user'],
    match(u, ix) {
      const c = cfg<{ loginProfile?: unknown; mfaDevices?: unknown[] }>(u);
      if (!admin(u, ix) || !c.loginProfile || (c.mfaDevices ?? []).length) return null;
      return { findings: ix.findingsOn(u.id), factors: [`${u.name} is an administrator`, 'signs in to the console with a password alone (no MFA)'] };
    },
    fixtures: [
      {
        name: 'admin, password, no MFA',
        resources: [
          {
            id: 'u-a',
            type: 'aws.iam.user',
            name: 'alice',
            config: { attachedPolicies: [{ PolicyName: 'AdministratorAccess' }], loginProfile: { CreateDate: '2024-01-01' }, mfaDevices: [] },
          },
        ],
        anchor: 'u-a',
        expect: true,
      },
      {
        name: 'admin with MFA',
        resources: [
          {
            id: 'u-a',
            type: 'aws.iam.user',
            name: 'alice',
            config: { attachedPolicies: [{ PolicyName: 'AdministratorAccess' }], loginProfile: {}, mfaDevices: [{ SerialNumber: 'x' }] },
          },
        ],
        anchor: 'u-a',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'admin-old-access-key-in-use',
    title: 'Administrator access key older than 90 days and still in use',
    severity: 'high',
    anchors: ['aws.iam.user'],
    match(u, ix) {
      if (!admin(u, ix)) return null;
      const keys =
        cfg<{ accessKeys?: { AccessKeyId?: string; Status?: string; CreateDate?: string; LastUsed?: { LastUsedDate?: string } }[] }>(u).accessKeys ?? [];
      const old = keys.find(
        (k) =>
          k.Status === 'Active' &&
          k.CreateDate &&
          ix.now.getTime() - Date.parse(k.CreateDate) > 90 * 86_400_000 &&
          k.LastUsed?.LastUsedDate &&
          ix.now.getTime() - Date.parse(k.LastUsed.LastUsedDate) < 30 * 86_400_000,
      );
      if (!old) return null;
      return {
        findings: ix.findingsOn(u.id),
        factors: [
          `${u.name} is an administrator`,
          `access key ${old.AccessKeyId} was created ${old.CreateDate?.slice(0, 10)} and used ${old.LastUsed?.LastUsedDate?.slice(0, 10)}`,
        ],
      };
    },
    fixtures: [
      {
        name: 'admin, 2-year-old key used last week',
        resources: [
          {
            id: 'u-a',
            type: 'aws.iam.user',
            name: 'alice',
            config: {
              attachedPolicies: [{ PolicyName: 'AdministratorAccess' }],
              accessKeys: [{ AccessKeyId: 'AKIA1', Status: 'Active', CreateDate: '2024-11-01T00:00:00Z', LastUsed: { LastUsedDate: '2026-11-20T00:00:00Z' } }],
            },
          },
        ],
        anchor: 'u-a',
        expect: true,
      },
      {
        name: 'admin, fresh key',
        resources: [
          {
            id: 'u-a',
            type: 'aws.iam.user',
            name: 'alice',
            config: {
              attachedPolicies: [{ PolicyName: 'AdministratorAccess' }],
              accessKeys: [{ AccessKeyId: 'AKIA1', Status: 'Active', CreateDate: '2026-11-01T00:00:00Z', LastUsed: { LastUsedDate: '2026-11-20T00:00:00Z' } }],
            },
          },
        ],
        anchor: 'u-a',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'identity-used-from-tor-with-privileges',
    title: 'Identity with write privileges used from a Tor exit node',
    severity: 'critical',
    anchors: ['aws.iam.user', 'aws.iam.role'],
    match(u, ix) {
      const { sightings, findings } = bySightings(u, ix, 'tor');
      const p = ix.privileges(u.id).find((x) => x.admin || x.canCreateUsers || x.canPassRole);
      if (!sightings.length || !p) return null;
      return {
        findings,
        factors: [`${u.name} was used from Tor exit ${sightings[0]?.ip}`, `${u.name} can ${p.admin ? 'administer the account' : 'create users or pass roles'}`],
      };
    },
    fixtures: [
      {
        name: 'admin from Tor',
        resources: [{ id: 'u-d', type: 'aws.iam.user', name: 'deploy-bot', config: { attachedPolicies: [{ PolicyName: 'AdministratorAccess' }] } }],
        findings: [{ ruleId: 'aws-cloudtrail-api-call-from-tor', resourceId: 'u-d', source: 'activity', evidence: { sourceIPAddress: '101.99.92.179' } }],
        intel: { '101.99.92.179': [{ feed: 'tor-exits', category: 'tor' }] },
        anchor: 'u-d',
        expect: true,
      },
      {
        name: 'admin from an unlisted address',
        resources: [{ id: 'u-d', type: 'aws.iam.user', name: 'deploy-bot', config: { attachedPolicies: [{ PolicyName: 'AdministratorAccess' }] } }],
        findings: [{ ruleId: 'aws-cloudtrail-api-call', resourceId: 'u-d', source: 'activity', evidence: { sourceIPAddress: '198.51.100.1' } }],
        anchor: 'u-d',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'c2-traffic-from-privileged-instance',
    title: 'Instance with an administrator role talking to a command-and-control address',
    severity: 'critical',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const { sightings, findings } = bySightings(r, ix, 'c2');
      const a = admin(r, ix);
      if (!sightings.length || !a) return null;
      return {
        findings,
        factors: [`${r.name} exchanged traffic with C2 address ${sightings[0]?.ip}`, `its role ${a.principal.split('/').pop()} is an administrator`],
      };
    },
    fixtures: [
      {
        name: 'C2 and admin role',
        resources: [instance(), adminRole],
        edges: [{ from: I, to: ROLE, kind: 'has-role' }],
        findings: [{ ruleId: 'network-intel-outbound', resourceId: I, source: 'network', evidence: { dstAddr: '203.0.113.66' } }],
        intel: { '203.0.113.66': [{ feed: 'c2-list', category: 'c2' }] },
        anchor: I,
        expect: true,
      },
      {
        name: 'C2, no role',
        resources: [instance()],
        findings: [{ ruleId: 'network-intel-outbound', resourceId: I, source: 'network', evidence: { dstAddr: '203.0.113.66' } }],
        intel: { '203.0.113.66': [{ feed: 'c2-list', category: 'c2' }] },
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'exposed-instance-imdsv1-with-role',
    title: 'Internet-exposed instance that allows IMDSv1 and carries a role',
    severity: 'high',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const tokens = cfg<{ MetadataOptions?: { HttpTokens?: string } }>(r).MetadataOptions?.HttpTokens;
      const role = roleOf(r, ix);
      if (!exposed(r, ix) || tokens !== 'optional' || !role) return null;
      return {
        findings: ix.findingsOn(r.id),
        factors: [
          `${r.name} is reachable from the internet`,
          'its metadata service accepts IMDSv1 (SSRF can read credentials)',
          `credentials of role ${role.name} are there to steal`,
        ],
      };
    },
    fixtures: [
      {
        name: 'exposed, IMDSv1, role',
        resources: [openSg(80), instance({ MetadataOptions: { HttpTokens: 'optional' } }), plainRole],
        edges: [
          { from: I, to: SG, kind: 'uses-security-group' },
          { from: I, to: ROLE, kind: 'has-role' },
        ],
        anchor: I,
        expect: true,
      },
      {
        name: 'exposed, IMDSv2 required',
        resources: [openSg(80), instance({ MetadataOptions: { HttpTokens: 'required' } }), plainRole],
        edges: [
          { from: I, to: SG, kind: 'uses-security-group' },
          { from: I, to: ROLE, kind: 'has-role' },
        ],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'exposed-database-with-vulnerability',
    title: 'Database service reachable from the internet on a host with known vulnerabilities',
    severity: 'critical',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const db = ix.applications(r.id).find((a) => DATABASE_APPLICATIONS.has(a.name));
      const v = ix.vulnerabilities(r.id);
      if (!exposed(r, ix) || !db || !v.length) return null;
      return {
        findings: [...ix.findingsOn(r.id).filter((f) => f.source === 'vulnerability'), ...groupsOf(r, ix).flatMap((g) => configFindings(g.id, ix))],
        factors: [
          `${r.name} runs ${db.name} reachable from the internet`,
          `${v.length} known vulnerabilit${v.length > 1 ? 'ies' : 'y'} (${v
            .map((x) => x.id)
            .slice(0, 3)
            .join(', ')})`,
        ],
      };
    },
    fixtures: [
      {
        name: 'MongoDB open, vulnerable',
        resources: [openSg(27017), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [{ ruleId: 'vuln', resourceId: I, source: 'vulnerability', evidence: { cve: 'CVE-2024-9' } }],
        anchor: I,
        expect: true,
      },
      {
        name: 'MongoDB open, patched',
        resources: [openSg(27017), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'trail-off-with-suspicious-activity',
    title: 'Audit trail not logging while suspicious activity happens in the account',
    severity: 'critical',
    anchors: ['aws.cloudtrail.trail'],
    match(t, ix) {
      const logging = cfg<{ status?: { IsLogging?: boolean } }>(t).status?.IsLogging;
      if (logging !== false) return null;
      const activity = ix
        .findingsAround(t.id)
        .concat(ix.findingsOn(t.id))
        .filter((f) => f.source === 'activity' && f.account === t.account);
      const stopped = activity.filter((f) => mentions(f, 'stoplogging', 'stop-logging', 'delete-trail', 'trail'));
      if (!stopped.length) return null;
      return { findings: stopped, factors: [`trail ${t.name} is not logging`, 'it was stopped through the API (defence evasion)'] };
    },
    fixtures: [
      {
        name: 'trail stopped by StopLogging',
        resources: [{ id: 'trail-1', type: 'aws.cloudtrail.trail', account: '2', name: 'org-trail', config: { status: { IsLogging: false } } }],
        findings: [{ ruleId: 'aws-cloudtrail-stop-logging', resourceId: 'trail-1', account: '2', source: 'activity' }],
        anchor: 'trail-1',
        expect: true,
      },
      {
        name: 'trail logging',
        resources: [{ id: 'trail-1', type: 'aws.cloudtrail.trail', account: '2', name: 'org-trail', config: { status: { IsLogging: true } } }],
        findings: [{ ruleId: 'aws-cloudtrail-stop-logging', resourceId: 'trail-1', account: '2', source: 'activity' }],
        anchor: 'trail-1',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'all-ports-open-on-public-instance',
    title: 'Security group opens every port to the internet on a public instance',
    severity: 'high',
    anchors: ['aws.ec2.security-group'],
    match(sg, ix) {
      if (!worldOpenPorts(sg).includes(-1)) return null;
      const pub = hostsBehind(sg, ix).filter((h) => exposed(h, ix));
      if (!pub.length) return null;
      return {
        findings: configFindings(sg.id, ix),
        factors: [`${sg.name} opens all ports to 0.0.0.0/0`, `attached to public ${pub.map((p) => p.name).join(', ')}`],
      };
    },
    fixtures: [
      {
        name: 'all ports, public host',
        resources: [{ ...openSg(0), config: { IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } }, instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        anchor: SG,
        expect: true,
      },
      {
        name: 'all ports, no host',
        resources: [{ ...openSg(0), config: { IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } }],
        anchor: SG,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'public-lambda-url-with-admin-role',
    title: 'Unauthenticated function URL on a function with an administrator role',
    severity: 'critical',
    anchors: ['aws.lambda.function'],
    match(fn, ix) {
      const url = cfg<{ urlConfig?: { AuthType?: string } | null }>(fn).urlConfig?.AuthType;
      const a = admin(fn, ix);
      if (url !== 'NONE' || !a) return null;
      return {
        findings: ix.findingsOn(fn.id),
        factors: [`anyone can invoke ${fn.name} through its URL`, `it runs as administrator role ${a.principal.split('/').pop()}`],
      };
    },
    fixtures: [
      {
        name: 'NONE and admin',
        resources: [{ id: 'fn', type: 'aws.lambda.function', name: 'f', config: { urlConfig: { AuthType: 'NONE' } } }, adminRole],
        edges: [{ from: 'fn', to: ROLE, kind: 'has-role' }],
        anchor: 'fn',
        expect: true,
      },
      {
        name: 'NONE and read-only',
        resources: [{ id: 'fn', type: 'aws.lambda.function', name: 'f', config: { urlConfig: { AuthType: 'NONE' } } }, plainRole],
        edges: [{ from: 'fn', to: ROLE, kind: 'has-role' }],
        anchor: 'fn',
        expect: false,
      },
    ],
  }),
  rule({
    id: 'exposed-host-with-malicious-inbound',
    title: 'Internet-exposed host accepted traffic from a listed malicious address',
    severity: 'high',
    anchors: ['aws.ec2.instance'],
    match(r, ix) {
      const { sightings, findings } = bySightings(r, ix, undefined, 'from');
      if (!exposed(r, ix) || !sightings.length) return null;
      const best = sightings[0] as (typeof sightings)[number];
      return {
        findings: [...findings, ...groupsOf(r, ix).flatMap((g) => configFindings(g.id, ix))],
        factors: [`${r.name} is reachable from the internet`, sightingText(best, ix.now)],
      };
    },
    fixtures: [
      {
        name: 'exposed, listed source',
        resources: [openSg(27017), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [flow(I)],
        intel: listed,
        anchor: I,
        expect: true,
      },
      {
        name: 'exposed, clean source',
        resources: [openSg(27017), instance()],
        edges: [{ from: I, to: SG, kind: 'uses-security-group' }],
        findings: [flow(I, '198.51.100.7')],
        anchor: I,
        expect: false,
      },
    ],
  }),
  rule({
    id: 'public-bucket-writable-by-anyone',
    title: 'Bucket policy lets anyone write objects',
    severity: 'critical',
    anchors: ['aws.s3.bucket'],
    match(b, ix) {
      const st = (cfg<{ policy?: { Statement?: unknown } | null }>(b).policy?.Statement ?? []) as {
        Effect?: string;
        Principal?: unknown;
        Action?: string | string[];
        Condition?: unknown;
      }[];
      const list = Array.isArray(st) ? st : [st];
      const w = list.find(
        (s) =>
          s.Effect === 'Allow' &&
          !s.Condition &&
          (s.Principal === '*' || (s.Principal as { AWS?: string })?.AWS === '*') &&
          [s.Action].flat().some((a) => a === 's3:*' || a === 's3:PutObject' || a === '*'),
      );
      if (!w) return null;
      return {
        findings: ix.findingsOn(b.id),
        factors: [`anyone on the internet can write to ${b.name}`, 'content served from it can be replaced (supply chain, defacement)'],
      };
    },
    fixtures: [
      {
        name: 'Principal * PutObject',
        resources: [
          {
            id: 'b',
            type: 'aws.s3.bucket',
            name: 'b',
            config: { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }] } },
          },
        ],
        anchor: 'b',
        expect: true,
      },
      {
        name: 'Principal * GetObject',
        resources: [
          {
            id: 'b',
            type: 'aws.s3.bucket',
            name: 'b',
            config: { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } },
          },
        ],
        anchor: 'b',
        expect: false,
      },
    ],
  }),
];

export interface CombinationHit {
  rule: CombinationRule;
  anchor: ResourceRecord;
  match: CombinationMatch;
}

/** Runs every rule on every anchor candidate in the index's graph (resources near the open findings). */
export function findCombinations(ix: ContextIndex, candidates: readonly ResourceRecord[], rules: readonly CombinationRule[] = COMBINATIONS): CombinationHit[] {
  const hits: CombinationHit[] = [];
  const seen = new Set<string>();
  for (const r of candidates) {
    for (const rl of rules) {
      if (!rl.anchors.includes(r.type)) continue;
      const k = `${rl.id}\u0000${r.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const m = rl.match(r, ix);
      if (m) hits.push({ rule: rl, anchor: r, match: { ...m, findings: [...new Set(m.findings)] } });
    }
  }
  return hits;
}
