import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ec2-elastic-ip-associated',
    title: 'Elastic IP address is associated with a resource',
    resourceType: 'aws.ec2.elastic-ip',
    severity: 'low',
    risk: 'An unattached Elastic IP is forgotten inventory: it costs money and DNS records still pointing at it can be taken over when it is released.',
    remediation: 'Associate the address with the resource that needs it, or release it after removing DNS records that point to it.',
    compliance: [nist('CM-8'), pci('12.5.1')],
    test: (c) => !!c.AssociationId,
    problem: (c) => `Elastic IP ${c.PublicIp ?? ''} is not associated`,
    good: { PublicIp: '198.51.100.7', AssociationId: 'eipassoc-1' },
    bad: { PublicIp: '198.51.100.8' },
  }),
);
