import { CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { defineRemediation } from '../../../../../core/units/remediation.js';

type Url = { AuthType?: string; FunctionUrl?: string; Cors?: Record<string, unknown>; InvokeMode?: string };

/** Deletes a function URL that needs no authentication. Rollback recreates it with the same settings; AWS may give it the same URL (it is derived from the function) but callers should be checked. */
export default defineRemediation<{ FunctionName?: string; urlConfig?: Url | null }>({
  id: 'aws-lambda-function-remove-public-url',
  title: 'Remove a Lambda function URL with auth type NONE',
  resourceType: 'aws.lambda.function',
  fixes: ['aws-lambda-function-url-auth-required'],
  permissions: ['lambda:DeleteFunctionUrlConfig', 'lambda:CreateFunctionUrlConfig', 'lambda:GetFunctionUrlConfig'],
  impact: 'Anyone calling the function through its URL gets an error; invocations through the API, events and API Gateway continue.',
  plan(r) {
    const u = r.config.urlConfig;
    if (u?.AuthType !== 'NONE') return null;
    return {
      remediationId: 'aws-lambda-function-remove-public-url',
      resourceId: r.id,
      summary: `delete the unauthenticated URL of ${r.config.FunctionName}`,
      changes: [{ field: 'urlConfig', before: u.FunctionUrl ?? 'AuthType NONE', after: null }],
      data: { functionName: r.config.FunctionName ?? r.name, previous: u },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(LambdaClient).send(new DeleteFunctionUrlConfigCommand({ FunctionName: String(plan.data.functionName) }));
  },
  async rollback(plan, ctx) {
    const p = plan.data.previous as Url;
    await ctx.client(LambdaClient).send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: String(plan.data.functionName),
        AuthType: 'NONE',
        ...(p.Cors && { Cors: p.Cors }),
        ...(p.InvokeMode && { InvokeMode: p.InvokeMode as 'BUFFERED' }),
      }),
    );
  },
  fixtures: [
    {
      name: 'auth NONE',
      resource: { config: { FunctionName: 'billing-export', urlConfig: { AuthType: 'NONE', FunctionUrl: 'https://x.lambda-url.us-east-1.on.aws/' } } },
      expectChanges: 1,
    },
    { name: 'IAM auth', resource: { config: { FunctionName: 'billing-export', urlConfig: { AuthType: 'AWS_IAM' } } }, expectChanges: 0 },
  ],
});
