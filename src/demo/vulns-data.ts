import { DEMO } from './story.js';

/**
 * The demo's scanner outputs, generated deterministically from the story's cast (run
 * `npx tsx scripts/gen-demo-vulns.ts` to rewrite `demo/vulns/`). The CVE ids, packages and
 * vectors are real; the hosts, versions installed on them and scan times are the demo's fiction.
 * The MongoDB host carries CVE-2023-4911 (glibc "Looney Tunables") and CVE-2024-1086 (Linux
 * nf_tables), both in the shipped CISA KEV snapshot, so it tops the demo's risk ranking.
 */
const NET_HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const LOCAL_HIGH = 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H';

export function demoTrivyMongoReport(): Record<string, unknown> {
  const h = DEMO.mongoHost;
  const vuln = (id: string, pkg: string, installed: string, fixed: string, severity: string, vector: string, published: string, title: string) => ({
    VulnerabilityID: id,
    PkgName: pkg,
    InstalledVersion: installed,
    FixedVersion: fixed,
    Status: 'fixed',
    Severity: severity,
    Title: title,
    CVSS: { nvd: { V3Vector: vector } },
    PublishedDate: published,
  });
  return {
    SchemaVersion: 2,
    Trivy: { Version: '0.58.1' },
    CreatedAt: '2026-11-19T06:00:00Z',
    ArtifactName: `ec2:${h.instanceId}`,
    ArtifactType: 'vm',
    Metadata: { OS: { Family: 'ubuntu', Name: '22.04' }, Hostname: `ip-${h.privateIp.replace(/\./g, '-')}.ec2.internal` },
    Results: [
      {
        Target: `ec2:${h.instanceId} (ubuntu 22.04)`,
        Class: 'os-pkgs',
        Type: 'ubuntu',
        Packages: [
          { Name: 'mongodb-org-server', Version: '6.0.13' },
          { Name: 'libc6', Version: '2.35-0ubuntu3.1' },
          { Name: 'linux-image-aws', Version: '5.15.0.1049.48' },
          { Name: 'openssh-server', Version: '1:8.9p1-3ubuntu0.4' },
          { Name: 'curl', Version: '7.81.0-1ubuntu1.13' },
        ],
        Vulnerabilities: [
          vuln(
            'CVE-2023-4911',
            'libc6',
            '2.35-0ubuntu3.1',
            '2.35-0ubuntu3.4',
            'HIGH',
            LOCAL_HIGH,
            '2023-10-03T18:15:00Z',
            'glibc: buffer overflow in ld.so leading to privilege escalation',
          ),
          vuln(
            'CVE-2024-1086',
            'linux-image-aws',
            '5.15.0.1049.48',
            '5.15.0.1055.55',
            'HIGH',
            LOCAL_HIGH,
            '2024-01-31T13:15:00Z',
            'kernel: use-after-free in netfilter nf_tables',
          ),
          vuln(
            'CVE-2024-1351',
            'mongodb-org-server',
            '6.0.13',
            '6.0.14',
            'HIGH',
            'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
            '2024-03-07T11:15:00Z',
            'MongoDB Server may skip peer certificate validation',
          ),
          vuln(
            'CVE-2023-38545',
            'curl',
            '7.81.0-1ubuntu1.13',
            '7.81.0-1ubuntu1.14',
            'MEDIUM',
            NET_HIGH,
            '2023-10-18T04:15:00Z',
            'curl: heap buffer overflow in the SOCKS5 proxy handshake',
          ),
        ],
      },
    ],
  };
}

const t = '2026-11-19T07:30:00Z';
function finding(
  account: string,
  region: string,
  resource: Record<string, unknown>,
  id: string,
  sev: string,
  vector: string,
  pkg: { name: string; version: string; fixedInVersion: string; packageManager: string },
  title: string,
) {
  return {
    awsAccountId: account,
    findingArn: `arn:aws:inspector2:${region}:${account}:finding/${id.toLowerCase().replace(/[^a-z0-9]/g, '')}${String(resource.id).slice(-6)}`,
    type: 'PACKAGE_VULNERABILITY',
    status: 'ACTIVE',
    severity: sev,
    title: `${id} - ${pkg.name}`,
    description: title,
    firstObservedAt: '2026-11-12T07:30:00Z',
    lastObservedAt: t,
    updatedAt: t,
    inspectorScore: 0,
    packageVulnerabilityDetails: {
      vulnerabilityId: id,
      source: 'NVD',
      cvss: [{ baseScore: 0, scoringVector: vector, source: 'NVD', version: '3.1' }],
      vulnerablePackages: [pkg],
      relatedVulnerabilities: [],
    },
    resources: [{ ...resource, partition: 'aws', region }],
  };
}

export function demoInspectorFindings(): Record<string, unknown> {
  const m = DEMO.miner;
  const fn = DEMO.lambdaWithSecrets;
  const minerRes = {
    type: 'AWS_EC2_INSTANCE',
    id: m.instanceId,
    details: { awsEc2Instance: { ipV4Addresses: [m.privateIp, m.publicIp], platform: 'AMAZON_LINUX_2023' } },
  };
  const fnArn = `arn:aws:lambda:${fn.region}:${fn.account}:function:${fn.name}`;
  const fnRes = { type: 'AWS_LAMBDA_FUNCTION', id: fnArn, details: { awsLambdaFunction: { functionName: fn.name, runtime: 'PYTHON_3_12' } } };
  return {
    findings: [
      finding(
        m.account,
        m.region,
        minerRes,
        'CVE-2023-38545',
        'HIGH',
        NET_HIGH,
        { name: 'curl', version: '8.2.1-1.amzn2023', fixedInVersion: '8.4.0-1.amzn2023', packageManager: 'OS' },
        'curl SOCKS5 heap buffer overflow',
      ),
      finding(
        m.account,
        m.region,
        minerRes,
        'CVE-2023-48795',
        'MEDIUM',
        'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N',
        { name: 'openssh-server', version: '8.7p1-8.amzn2023', fixedInVersion: '8.7p1-8.amzn2023.0.10', packageManager: 'OS' },
        'SSH Terrapin prefix truncation',
      ),
      finding(
        fn.account,
        fn.region,
        fnRes,
        'CVE-2024-35195',
        'MEDIUM',
        'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N',
        { name: 'requests', version: '2.31.0', fixedInVersion: '2.32.0', packageManager: 'PIP' },
        'requests Session keeps verify=False for later requests',
      ),
    ],
  };
}
