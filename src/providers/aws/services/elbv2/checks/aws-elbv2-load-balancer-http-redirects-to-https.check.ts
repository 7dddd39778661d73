import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-elbv2-load-balancer-http-redirects-to-https',
    title: 'Application load balancer redirects HTTP to HTTPS',
    resourceType: 'aws.elbv2.load-balancer',
    severity: 'medium',
    risk: 'An HTTP listener that serves content sends sessions, cookies and credentials over the network in the clear.',
    remediation: 'Change each HTTP listener default action to a redirect to HTTPS (port 443, status HTTP_301).',
    compliance: [nist('SC-8'), nist('SC-8(1)'), nist('SC-23'), pci('4.2.1'), pci('2.2.7')],
    needs: ['listeners'],
    applies: (c) => (c.Type && c.Type !== 'application' ? `${c.Type} load balancer` : undefined),
    test: (c) =>
      (c.listeners ?? [])
        .filter((l: any) => l.Protocol === 'HTTP')
        .every((l: any) => (l.DefaultActions ?? []).some((a: any) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS')),
    problem: () => 'an HTTP listener serves traffic without redirecting to HTTPS',
    good: [
      {
        Type: 'application',
        listeners: [
          { Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }] },
          { Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
        ],
      },
    ],
    bad: { Type: 'application', listeners: [{ Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }] }] },
    na: { Type: 'network', listeners: [{ Protocol: 'TCP', Port: 80 }] },
  }),
);
