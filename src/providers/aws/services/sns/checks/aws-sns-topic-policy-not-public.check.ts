import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-sns-topic-policy-not-public',
    title: 'SNS topic policy does not grant access to any principal',
    resourceType: 'aws.sns.topic',
    severity: 'high',
    risk: 'Any AWS account can publish to or subscribe to the topic: spoofed notifications in, data out.',
    remediation: 'Restrict the topic policy to named principals, or add aws:SourceOwner / aws:SourceArn / aws:PrincipalOrgID conditions.',
    compliance: [nist('AC-3'), nist('AC-21'), pci('7.2.1')],
    key: 'Policy',
    hydrated: false,
  }),
);
