import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { roleNotAdmin } from '../../../check-kits.js';

export default defineCheck(
  roleNotAdmin({
    id: 'aws-lambda-function-role-not-admin',
    title: 'Lambda function does not run with an administrator role',
    resourceType: 'aws.lambda.function',
    severity: 'high',
    risk: 'A bug or a malicious dependency in the function, or anyone who can update its code, gets full control of the account.',
    remediation: 'Give the function an execution role with only the permissions it needs.',
    compliance: [nist('AC-6'), nist('AC-6(10)'), pci('7.2.2'), pci('7.2.5')],
    running: () => undefined,
    sample: { FunctionName: 'billing-export', Runtime: 'nodejs22.x' },
  }),
);
