import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test/support/stores.js';
import type { EdgeRecord } from '../../../core/resource.js';
import { demoTrivyMongoReport } from '../../../demo/vulns-data.js';
import { runApps } from '../../context/apps/index.js';
import { igw, instance, nacl, rec, routeTable, sg, subnet, tcp, vpc } from '../../context/exposure/fixtures.js';
import { runExposure } from '../../context/exposure/index.js';
import { ingestVulnFiles } from './ingest.js';
import { rankVulnerabilities, scoreVulnerability } from './risk.js';

describe.each(testDialects())('vulnerability risk ranking on $name', (dialect) => {
  let store: Awaited<ReturnType<typeof dialect.open>>;
  const pub = instance('i-0a1b2c3d4e5f60001', { subnet: 'subnet-pub', groups: ['sg-mongo'], publicIp: '54.210.10.20', tags: { Name: 'mongo-public' } });
  const priv = instance('i-0ffff000000000002', { subnet: 'subnet-priv', groups: ['sg-internal'], privateIp: '10.0.2.10', tags: { Name: 'mongo-private' } });
  beforeAll(async () => {
    store = await dialect.open();
    const ami = rec('aws.ec2.image', 'arn:aws:ec2:us-east-1:222222222222:image/ami-1', { ImageId: 'ami-1', Name: 'ubuntu-22.04-mongodb-6.0' });
    const role = rec(
      'aws.iam.role',
      'arn:aws:iam::222222222222:role/mongo-app',
      { RoleName: 'mongo-app', attachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] },
      'mongo-app',
    );
    const resources = [
      vpc(),
      igw(),
      subnet('subnet-pub'),
      subnet('subnet-priv'),
      routeTable('rtb-pub', { subnets: ['subnet-pub'], routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] }),
      routeTable('rtb-main', { main: true, routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] }),
      nacl('acl-default', { isDefault: true }),
      sg('sg-mongo', [tcp(22, '0.0.0.0/0'), tcp(27017, '0.0.0.0/0')]),
      sg('sg-internal', [tcp(27017, '10.0.0.0/8')]),
      pub,
      priv,
      ami,
      role,
    ];
    const at = '2026-11-18T00:00:00.000Z';
    await store.resources.upsertMany(resources, { at });
    const edges: EdgeRecord[] = [
      { from: pub.id, to: ami.id, kind: 'from-image' },
      { from: priv.id, to: ami.id, kind: 'from-image' },
      { from: pub.id, to: role.id, kind: 'has-role' },
    ];
    await store.edges.replaceFrom([pub.id, priv.id], edges, '222222222222', at);
    const dir = mkdtempSync(join(tmpdir(), 'skyrisk-'));
    const file = join(dir, 'trivy.json');
    writeFileSync(file, JSON.stringify(demoTrivyMongoReport()));
    // The same report twice: matched automatically (instance id) and explicitly to the private host.
    const s1 = await ingestVulnFiles(store, [file], { now: '2026-11-19T00:00:00.000Z' });
    expect(s1.matched).toBe(1);
    await ingestVulnFiles(store, [file], { resource: priv.id, now: '2026-11-19T00:00:00.000Z' });
    await runExposure(store, '2026-11-19T00:00:00.000Z');
    await runApps(store, { now: '2026-11-19T00:00:00.000Z' });
  });
  afterAll(async () => store.dispose());

  it('ranks the internet-exposed MongoDB host with a KEV CVE above the same CVE on the private host, and says why', async () => {
    const rows = await rankVulnerabilities(store);
    expect(rows[0]?.resourceId).toBe(pub.id);
    expect(rows[0]?.kev).toBe(true);
    const onPub = rows.find((r) => r.resourceId === pub.id && r.vulnId === 'CVE-2023-4911');
    const onPriv = rows.find((r) => r.resourceId === priv.id && r.vulnId === 'CVE-2023-4911');
    expect(onPub && onPriv && onPub.risk > onPriv.risk).toBe(true);
    expect(onPub?.factors.join('\n')).toMatch(/known exploited: CISA KEV since 2023-11-21/);
    expect(onPub?.factors.join('\n')).toMatch(/internet-reachable host \(tcp\/22, tcp\/27017, direct\)/);
    expect(onPub?.factors.join('\n')).toMatch(/application exposed to the internet: mongodb/);
    expect(onPub?.factors.join('\n')).toMatch(/attached role mongo-app has administrator privileges/);
    expect(onPriv?.factors.join('\n')).toMatch(/not reachable from the internet/);
    const mongoCve = rows.find((r) => r.resourceId === pub.id && r.vulnId === 'CVE-2024-1351');
    expect(mongoCve?.factors.join('\n')).toMatch(/internet-reachable on MongoDB's port tcp\/27017/);
  });

  it('scores are additive and capped', () => {
    const s = scoreVulnerability(
      { vulnId: 'CVE-X', severity: 'critical', cvssScore: 10, packages: ['mongodb-org-server'] },
      {
        kev: { cveId: 'CVE-X', vendor: '', product: '', name: '', dateAdded: '2024-01-01', dueDate: null, ransomware: 'Known' },
        epss: 0.9,
        exposure: { internet: true, ports: [{ protocol: 'tcp', from: 27017, to: 27017, sources: ['0.0.0.0/0'] }], paths: [] },
        apps: [{ app: 'mongodb', ports: [27017], confidence: 'high' }],
        adminRole: 'x',
        sensitivity: 'data-classification=confidential',
        suspicious: 2,
      },
    );
    expect(s.risk).toBe(100);
    expect(s.factors).toHaveLength(8);
  });
});
