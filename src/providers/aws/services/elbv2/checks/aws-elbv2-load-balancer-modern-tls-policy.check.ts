import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { tlsPolicyOutdated } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-elbv2-load-balancer-modern-tls-policy',
    title: 'Load balancer TLS listeners use a policy without TLS 1.0/1.1',
    resourceType: 'aws.elbv2.load-balancer',
    severity: 'medium',
    risk: 'Outdated TLS policies accept protocol versions and ciphers with known weaknesses, allowing downgrade and decryption attacks.',
    remediation: 'Set the listeners SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS 1.2+ policy).',
    compliance: [nist('SC-8(1)'), nist('SC-13'), pci('4.2.1')],
    needs: ['listeners'],
    applies: (c) => ((c.listeners ?? []).some((l: any) => l.Protocol === 'HTTPS' || l.Protocol === 'TLS') ? undefined : 'no TLS listeners'),
    test: (c) => (c.listeners ?? []).filter((l: any) => l.Protocol === 'HTTPS' || l.Protocol === 'TLS').every((l: any) => !tlsPolicyOutdated(l.SslPolicy)),
    problem: () => 'a TLS listener uses an outdated security policy',
    good: { listeners: [{ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }] },
    bad: [
      { listeners: [{ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-2016-08' }] },
      { listeners: [{ Protocol: 'TLS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01' }] },
    ],
    na: { listeners: [{ Protocol: 'TCP', Port: 22 }] },
  }),
);
