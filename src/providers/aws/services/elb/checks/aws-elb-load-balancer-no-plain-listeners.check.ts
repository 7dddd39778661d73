import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-elb-load-balancer-no-plain-listeners',
    title: 'Classic load balancer has no plain HTTP or TCP listeners',
    resourceType: 'aws.elb.load-balancer',
    severity: 'medium',
    risk: 'Plain listeners carry client traffic, sessions and credentials unencrypted over the internet.',
    remediation: 'Replace HTTP/TCP listeners with HTTPS/SSL listeners (or migrate to an ALB with an HTTP→HTTPS redirect).',
    compliance: [nist('SC-8'), nist('SC-8(1)'), pci('4.2.1')],
    test: (c) => (c.ListenerDescriptions ?? []).every((d: any) => ['HTTPS', 'SSL'].includes(String(d.Listener?.Protocol).toUpperCase())),
    problem: () => 'a listener accepts unencrypted HTTP or TCP',
    good: { ListenerDescriptions: [{ Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443 } }] },
    bad: { ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80 } }] },
  }),
);
