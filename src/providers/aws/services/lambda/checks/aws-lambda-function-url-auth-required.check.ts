import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-lambda-function-url-auth-required',
    title: 'Lambda function URL requires IAM authentication',
    resourceType: 'aws.lambda.function',
    severity: 'high',
    risk: 'A function URL with AuthType NONE is a public HTTPS endpoint: anyone on the internet can invoke the function.',
    remediation: 'Set the function URL AuthType to AWS_IAM, or delete the URL and front the function with API Gateway and an authorizer.',
    compliance: [nist('AC-3'), nist('IA-2'), nist('AC-14'), pci('8.3.1'), pci('1.4.2')],
    needs: ['urlConfig'],
    applies: (c) => (c.urlConfig ? undefined : 'function has no URL'),
    test: (c) => c.urlConfig.AuthType !== 'NONE',
    problem: (c) => `function URL ${c.urlConfig.FunctionUrl ?? ''} needs no authentication`,
    good: { urlConfig: { AuthType: 'AWS_IAM', FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/' } },
    bad: { urlConfig: { AuthType: 'NONE', FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/' } },
    na: { urlConfig: null },
  }),
);
