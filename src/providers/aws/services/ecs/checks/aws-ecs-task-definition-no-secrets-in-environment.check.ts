import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, asArray, secretLikeVariables } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-ecs-task-definition-no-secrets-in-environment',
  title: 'ECS task definition has no secrets in plain environment variables',
  description: 'Same heuristics as the Lambda check; values are never copied into evidence. Secrets passed through the `secrets` field are fine.',
  provider: 'aws',
  resourceType: 'aws.ecs.task-definition',
  severity: 'high',
  risk: 'Plain environment values are visible to anyone who can describe task definitions, and to every revision forever.',
  remediation: {
    text: 'Move the value to Secrets Manager or SSM Parameter Store and reference it through the container definition `secrets` field; rotate it.',
  },
  compliance: [nist('IA-5'), nist('SC-28'), pci('8.6.2'), pci('8.3.2')],
  evaluate(r) {
    const hits = asArray(r.config.containerDefinitions as Cfg[]).flatMap((cd) =>
      secretLikeVariables(Object.fromEntries(asArray(cd.environment as Cfg[]).map((e) => [e.name, e.value]))).map((n) => `${cd.name}:${n}`),
    );
    return hits.length ? fail(`environment variable(s) ${hits.join(', ')} look like secrets`, { variables: hits }) : pass();
  },
  fixtures: [
    fx(
      'secrets referenced',
      {
        containerDefinitions: [
          {
            name: 'web',
            environment: [{ name: 'PORT', value: '8080' }],
            secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' }],
          },
        ],
      },
      'pass',
    ),
    fx(
      'token in plain text',
      { containerDefinitions: [{ name: 'web', environment: [{ name: 'GITHUB_TOKEN', value: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }] }] },
      'fail',
    ),
  ],
});
