import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ec2-route-table-peering-routes-least-access',
    title: 'Routes to VPC peering connections are narrower than the default route',
    resourceType: 'aws.ec2.route-table',
    severity: 'medium',
    risk: 'A default route (0.0.0.0/0 or ::/0) through a peering connection sends all traffic to the peer VPC, far beyond the subnets that need to talk.',
    remediation: 'Replace the broad route with routes to the specific peer subnets that need connectivity.',
    compliance: [cis('5.6'), nist('SC-7'), nist('AC-4'), pci('1.3.1'), pci('1.3.2')],
    test: (c) =>
      (c.Routes ?? []).every((x: any) => !x.VpcPeeringConnectionId || (x.DestinationCidrBlock !== '0.0.0.0/0' && x.DestinationIpv6CidrBlock !== '::/0')),
    problem: () => 'a peering connection carries the default route',
    good: [
      {
        Routes: [
          { DestinationCidrBlock: '10.2.1.0/24', VpcPeeringConnectionId: 'pcx-1' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' },
        ],
      },
    ],
    bad: { Routes: [{ DestinationCidrBlock: '0.0.0.0/0', VpcPeeringConnectionId: 'pcx-1' }] },
  }),
);
