import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { tlsPolicyOutdated } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-elb-load-balancer-modern-tls-policy',
    title: 'Classic load balancer negotiates TLS with a current security policy',
    resourceType: 'aws.elb.load-balancer',
    severity: 'medium',
    risk: 'Old negotiation policies accept SSLv3/TLS 1.0 and weak ciphers.',
    remediation: 'Set the listener policy to reference ELBSecurityPolicy-TLS-1-2-2017-01.',
    compliance: [nist('SC-8(1)'), nist('SC-13'), pci('4.2.1')],
    needs: ['policies'],
    applies: (c) =>
      (c.policies ?? []).some((p: any) => p.PolicyTypeName === 'SSLNegotiationPolicyType') ? undefined : 'no TLS negotiation policy (no TLS listeners)',
    test: (c) =>
      (c.policies ?? [])
        .filter((p: any) => p.PolicyTypeName === 'SSLNegotiationPolicyType')
        .every(
          (p: any) =>
            !tlsPolicyOutdated((p.PolicyAttributeDescriptions ?? []).find((a: any) => a.AttributeName === 'Reference-Security-Policy')?.AttributeValue),
        ),
    problem: () => 'a listener uses an outdated or custom TLS negotiation policy',
    good: {
      policies: [
        {
          PolicyName: 'p',
          PolicyTypeName: 'SSLNegotiationPolicyType',
          PolicyAttributeDescriptions: [{ AttributeName: 'Reference-Security-Policy', AttributeValue: 'ELBSecurityPolicy-TLS-1-2-2017-01' }],
        },
      ],
    },
    bad: {
      policies: [
        {
          PolicyName: 'p',
          PolicyTypeName: 'SSLNegotiationPolicyType',
          PolicyAttributeDescriptions: [{ AttributeName: 'Reference-Security-Policy', AttributeValue: 'ELBSecurityPolicy-2015-05' }],
        },
      ],
    },
    na: { policies: [] },
  }),
);
