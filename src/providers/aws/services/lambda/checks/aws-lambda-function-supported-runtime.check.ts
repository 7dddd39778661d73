import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

/** Runtimes AWS has deprecated (no more security patches). Facts from the Lambda runtime deprecation list. */
const DEPRECATED =
  /^(nodejs(4\.3|6\.10|8\.10|10\.x|12\.x|14\.x|16\.x)?|python(2\.7|3\.6|3\.7|3\.8)|ruby2\.[57]|java8|dotnetcore(1\.0|2\.0|2\.1|3\.1)|dotnet(5\.0|6)|go1\.x|provided)$/;

export default defineCheck(
  configTest({
    id: 'aws-lambda-function-supported-runtime',
    title: 'Lambda function uses a supported runtime',
    resourceType: 'aws.lambda.function',
    severity: 'medium',
    risk: 'Deprecated runtimes no longer receive security patches, and functions on them can no longer be updated.',
    remediation: 'Upgrade the function to a supported runtime version and redeploy.',
    compliance: [nist('SA-22'), nist('SI-2'), pci('6.3.3')],
    applies: (c) => (c.PackageType === 'Image' ? 'container image functions bring their own runtime' : undefined),
    test: (c) => !DEPRECATED.test(String(c.Runtime ?? '')),
    problem: (c) => `runtime ${c.Runtime} is deprecated`,
    good: [{ Runtime: 'nodejs22.x' }, { Runtime: 'python3.12' }],
    bad: [{ Runtime: 'python3.7' }, { Runtime: 'nodejs14.x' }],
    na: { PackageType: 'Image' },
  }),
);
