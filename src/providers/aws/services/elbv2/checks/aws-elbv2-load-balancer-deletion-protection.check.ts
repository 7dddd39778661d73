import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { attributeMap } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-elbv2-load-balancer-deletion-protection',
    title: 'Load balancer has deletion protection',
    resourceType: 'aws.elbv2.load-balancer',
    severity: 'low',
    risk: 'One API call takes the service offline and loses its DNS name.',
    remediation: 'Enable deletion protection (attribute deletion_protection.enabled=true).',
    compliance: [nist('CP-10'), nist('CM-3'), pci('2.2.1')],
    needs: ['attributes'],
    test: (c) => attributeMap(c.attributes)['deletion_protection.enabled'] === 'true',
    problem: () => 'deletion protection is disabled',
    good: { attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] },
    bad: { attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] },
  }),
);
