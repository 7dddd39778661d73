import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';
import { cloudFrontProtocolOutdated } from '../../../checks-common.js';

export default defineCheck(
  configTest({
    id: 'aws-cloudfront-distribution-modern-tls',
    title: 'CloudFront distribution requires TLS 1.2 or later from viewers',
    resourceType: 'aws.cloudfront.distribution',
    severity: 'medium',
    risk: 'Accepting SSLv3/TLS 1.0/1.1 exposes viewers to downgrade attacks and weak ciphers.',
    remediation: 'Set the viewer certificate MinimumProtocolVersion to TLSv1.2_2021 or later.',
    compliance: [nist('SC-8(1)'), nist('SC-13'), pci('4.2.1')],
    applies: (c) => (c.ViewerCertificate?.CloudFrontDefaultCertificate ? 'uses the *.cloudfront.net certificate, whose TLS floor cannot be set' : undefined),
    test: (c) => !cloudFrontProtocolOutdated(c.ViewerCertificate?.MinimumProtocolVersion),
    problem: (c) => `minimum viewer TLS version is ${c.ViewerCertificate?.MinimumProtocolVersion ?? 'unset'}`,
    good: { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', MinimumProtocolVersion: 'TLSv1.2_2021' } },
    bad: { ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', MinimumProtocolVersion: 'TLSv1' } },
    na: { ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' } },
  }),
);
