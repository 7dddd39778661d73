import { nist, pci } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { type Cfg, worldOpenIngress } from '../../../checks-common.js';

const DB = 'arn:aws:rds:us-east-1:123456789012:db:orders';
const SG = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-db';
const sg = (cidr: string, port = 5432): ResourceRecord => ({
  id: SG,
  type: 'aws.ec2.security-group',
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: 'db',
  tags: {},
  config: { GroupId: 'sg-db', IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] }] },
});
const edges = [{ from: DB, to: SG, kind: 'uses-security-group' }];
const db = (publicly: boolean) => ({ id: DB, config: { DBInstanceIdentifier: 'orders', PubliclyAccessible: publicly, Endpoint: { Port: 5432 } } });

export default defineCheck({
  id: 'aws-rds-db-instance-not-reachable-from-internet',
  title: 'Publicly accessible RDS DB instance is not open to the world on its port',
  description: 'Graph check: a publicly accessible instance whose security groups (uses-security-group edges) admit 0.0.0.0/0 or ::/0 on the endpoint port.',
  provider: 'aws',
  resourceType: 'aws.rds.db-instance',
  severity: 'critical',
  scope: 'graph',
  risk: 'The database answers on a public address and its security group lets the whole internet connect: password spraying and engine exploits are a connection away.',
  remediation: { text: 'Set PubliclyAccessible=false, and remove the world-open rule on the database port from its security groups.' },
  compliance: [nist('SC-7'), nist('AC-4'), pci('1.3.1'), pci('1.4.4')],
  evaluate(r, ctx) {
    if (r.config.PubliclyAccessible !== true) return pass({ publiclyAccessible: false });
    const port = Number(r.config.Endpoint?.Port ?? 0);
    const open = ctx.graph
      .neighbours(r.id, { kind: 'uses-security-group', direction: 'out' })
      .filter((g) => worldOpenIngress(g.config as Cfg, undefined, { port, protocol: 'tcp' }).length > 0);
    return open.length
      ? fail(`public database port ${port} is open to the world`, { securityGroups: open.map((g) => g.id), port })
      : pass({ publiclyAccessible: true, worldOpen: false });
  },
  fixtures: [
    { name: 'public and world-open', resource: db(true), related: { resources: [sg('0.0.0.0/0')], edges }, expect: 'fail' },
    { name: 'public but restricted', resource: db(true), related: { resources: [sg('10.0.0.0/8')], edges }, expect: 'pass' },
    { name: 'world-open on another port', resource: db(true), related: { resources: [sg('0.0.0.0/0', 22)], edges }, expect: 'pass' },
    { name: 'private instance', resource: db(false), related: { resources: [sg('0.0.0.0/0')], edges }, expect: 'pass' },
  ],
});
