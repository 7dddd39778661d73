import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { secretLikeVariables } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-lambda-function-no-secrets-in-environment',
  title: 'Lambda function has no secrets in plain environment variables',
  description:
    'Flags variables with a secret-like name (PASSWORD, SECRET, TOKEN, API_KEY, …) and a literal value, or a value shaped like a credential (AKIA…, private key, token, URL with a password). Values are never copied into evidence.',
  provider: 'aws',
  resourceType: 'aws.lambda.function',
  severity: 'high',
  risk: 'Environment variables are readable by anyone with lambda:GetFunctionConfiguration and show up in consoles, logs and infrastructure code.',
  remediation: { text: 'Store the secret in Secrets Manager or SSM Parameter Store (SecureString) and read it at run time; rotate the exposed value.' },
  compliance: [nist('IA-5'), nist('SC-28'), pci('8.6.2'), pci('8.3.2')],
  evaluate(r) {
    const names = secretLikeVariables(r.config.Environment?.Variables);
    return names.length ? fail(`environment variable(s) ${names.join(', ')} look like secrets`, { variables: names }) : pass();
  },
  fixtures: [
    fx(
      'configuration only',
      { Environment: { Variables: { LOG_LEVEL: 'info', TABLE: 'orders', DB_PASSWORD_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' } } },
      'pass',
    ),
    fx('no environment', {}, 'pass'),
    fx('password in plain text', { Environment: { Variables: { DB_PASSWORD: 'hunter2hunter2' } } }, 'fail'),
    fx('access key id in a value', { Environment: { Variables: { CONFIG: 'key=AKIAIOSFODNN7EXAMPLE' } } }, 'fail'),
  ],
});
