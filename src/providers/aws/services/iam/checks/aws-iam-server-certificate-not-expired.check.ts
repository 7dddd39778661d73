import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { ageDays } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-iam-server-certificate-not-expired',
  title: 'No expired SSL/TLS certificate is stored in IAM',
  provider: 'aws',
  resourceType: 'aws.iam.server-certificate',
  severity: 'medium',
  risk: 'An expired certificate deployed by mistake to a load balancer or CloudFront breaks clients and trains users to click through warnings.',
  remediation: { text: 'Delete expired server certificates (aws iam delete-server-certificate) and use ACM, which renews automatically.' },
  compliance: [cis('1.18'), nist('SC-17'), nist('SC-12'), pci('4.2.1')],
  evaluate(r, ctx) {
    const since = ageDays(r.config.Expiration, ctx.now);
    return since !== undefined && since >= 0
      ? fail(`certificate expired ${since} day(s) ago`, { expiration: r.config.Expiration })
      : pass({ expiration: r.config.Expiration });
  },
  fixtures: [
    fx('valid until 2027', { ServerCertificateName: 'web', Expiration: '2027-06-01T00:00:00Z' }, 'pass'),
    fx('expired in 2025', { ServerCertificateName: 'old', Expiration: '2025-06-01T00:00:00Z' }, 'fail'),
  ],
});
