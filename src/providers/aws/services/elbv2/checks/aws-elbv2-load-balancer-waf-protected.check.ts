import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, notApplicable, pass } from '../../../../../core/units/check.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1';
const ACL = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/main/1';
const webAcl = {
  id: ACL,
  type: 'aws.wafv2.web-acl',
  provider: 'aws' as const,
  account: '123456789012',
  region: 'us-east-1',
  name: 'main',
  tags: {},
  config: { Name: 'main' },
};

export default defineCheck({
  id: 'aws-elbv2-load-balancer-waf-protected',
  title: 'Internet-facing application load balancer is protected by AWS WAF',
  description: 'Graph check: a wafv2 web ACL with a protects edge to the load balancer.',
  provider: 'aws',
  resourceType: 'aws.elbv2.load-balancer',
  severity: 'medium',
  scope: 'graph',
  risk: 'Public web applications without a WAF take injection, scanner and bot traffic directly.',
  remediation: { text: 'Associate a WAF web ACL (at least the AWS managed common and known-bad-inputs rule groups) with the load balancer.' },
  compliance: [nist('SC-7'), nist('SI-4'), pci('6.4.2'), pci('6.4.1')],
  evaluate(r, ctx) {
    if (r.config.Type !== 'application' || r.config.Scheme !== 'internet-facing') return notApplicable('not an internet-facing application load balancer');
    const acls = ctx.graph.neighbours(r.id, { kind: 'protects', direction: 'in' }).filter((a) => a.type === 'aws.wafv2.web-acl');
    return acls.length ? pass({ webAcls: acls.map((a) => a.id) }) : fail('no WAF web ACL protects this load balancer');
  },
  fixtures: [
    {
      name: 'protected',
      resource: { id: LB, config: { Type: 'application', Scheme: 'internet-facing' } },
      related: { resources: [webAcl], edges: [{ from: ACL, to: LB, kind: 'protects' }] },
      expect: 'pass',
    },
    { name: 'unprotected', resource: { id: LB, config: { Type: 'application', Scheme: 'internet-facing' } }, expect: 'fail' },
    { name: 'internal', resource: { id: LB, config: { Type: 'application', Scheme: 'internal' } }, expect: 'not-applicable' },
  ],
});
