import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { attributeMap } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-elbv2-load-balancer-drops-invalid-headers',
    title: 'Application load balancer drops invalid HTTP headers',
    resourceType: 'aws.elbv2.load-balancer',
    severity: 'low',
    risk: 'Passing malformed headers to targets enables HTTP request smuggling and desync attacks.',
    remediation: 'Set routing.http.drop_invalid_header_fields.enabled=true.',
    compliance: [nist('SI-10'), nist('SC-7'), pci('6.4.1')],
    needs: ['attributes'],
    applies: (c) => (c.Type && c.Type !== 'application' ? `${c.Type} load balancer` : undefined),
    test: (c) => attributeMap(c.attributes)['routing.http.drop_invalid_header_fields.enabled'] === 'true',
    problem: () => 'invalid header fields are forwarded',
    good: { Type: 'application', attributes: [{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }] },
    bad: { Type: 'application', attributes: [] },
    na: { Type: 'network', attributes: [] },
  }),
);
