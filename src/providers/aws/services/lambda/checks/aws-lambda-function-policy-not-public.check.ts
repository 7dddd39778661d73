import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { policyNotPublic } from '../../../check-kits.js';

export default defineCheck(
  policyNotPublic({
    id: 'aws-lambda-function-policy-not-public',
    title: 'Lambda function policy does not let anyone invoke the function',
    resourceType: 'aws.lambda.function',
    severity: 'high',
    risk: 'Any AWS account (or any caller of a public trigger) can invoke the function, run its code with its role and run up costs.',
    remediation: 'Remove permissions whose principal is "*" or add a SourceArn/SourceAccount condition (aws lambda remove-permission).',
    compliance: [nist('AC-3'), nist('AC-22'), pci('1.4.4'), pci('7.2.1')],
    key: 'policy',
    hydrated: true,
  }),
);
