import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';

export default defineCheck({
  id: 'aws-ec2-elastic-ip-associated',
  title: 'Elastic IP address is associated with a resource',
  provider: 'aws',
  resourceType: 'aws.ec2.elastic-ip',
  severity: 'low',
  risk: 'An unattached Elastic IP is forgotten inventory: it costs money and DNS records still pointing at it can be taken over when it is released.',
  remediation: { text: 'Associate the address with the resource that needs it, or release it after removing DNS records that point to it.' },
  compliance: [nist('CM-8'), pci('12.5.1')],
  evaluate: (r) =>
    r.config.AssociationId ? pass({ associationId: r.config.AssociationId }) : fail(`Elastic IP ${r.config.PublicIp ?? ''} is not associated`.trim()),
  fixtures: [fx('associated', { PublicIp: '198.51.100.7', AssociationId: 'eipassoc-1' }, 'pass'), fx('unattached', { PublicIp: '198.51.100.8' }, 'fail')],
});
