import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  LambdaClient,
  ListTagsCommand,
  paginateListEventSourceMappings,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, ec2Arn, edges, flatTags, idsFrom, itemsOf, kmsKeyArn, orNull, parsePolicy, record } from '../common.js';

const lambda = (ctx: CollectContext) => ctx.client(LambdaClient);

export default defineCollector<FunctionConfiguration>({
  id: 'aws-lambda-function',
  resourceType: 'aws.lambda.function',
  provider: 'aws',
  service: 'lambda',
  scope: 'regional',
  title: 'Lambda functions',
  permissions: ['lambda:ListFunctions', 'lambda:GetFunctionConfiguration'],
  triggers: [
    'CreateFunction20150331',
    'DeleteFunction20150331',
    'UpdateFunctionConfiguration20150331v2',
    'UpdateFunctionCode20150331v2',
    'AddPermission20150331v2',
    'RemovePermission20150331v2',
    'CreateFunctionUrlConfig',
    'UpdateFunctionUrlConfig',
    'DeleteFunctionUrlConfig',
    'CreateEventSourceMapping20150331',
    'DeleteEventSourceMapping20150331',
    'TagResource20170331v2',
    'UntagResource20170331v2',
  ],
  list: (ctx) => itemsOf(paginateListFunctions({ client: lambda(ctx) }, {}), (p) => p.Functions),
  async *refresh(ids, ctx) {
    for (const FunctionName of idsFrom(ids)) {
      const f = await orNull(() => lambda(ctx).send(new GetFunctionConfigurationCommand({ FunctionName })));
      if (!f) continue;
      const { $metadata: _, ...fn } = f;
      yield fn;
    }
  },
  hydrate: {
    policy: {
      permissions: ['lambda:GetPolicy'],
      fetch: (raw, ctx) => orNull(async () => parsePolicy((await lambda(ctx).send(new GetPolicyCommand({ FunctionName: raw.FunctionArn }))).Policy)),
    },
    urlConfig: {
      permissions: ['lambda:GetFunctionUrlConfig'],
      fetch: (raw, ctx) =>
        orNull(async () => {
          const { $metadata: _, ...url } = await lambda(ctx).send(new GetFunctionUrlConfigCommand({ FunctionName: raw.FunctionArn }));
          return url;
        }),
    },
    eventSourceMappings: {
      permissions: ['lambda:ListEventSourceMappings'],
      fetch: (raw, ctx) =>
        collectAll(itemsOf(paginateListEventSourceMappings({ client: lambda(ctx) }, { FunctionName: raw.FunctionArn }), (p) => p.EventSourceMappings)),
    },
    tags: {
      permissions: ['lambda:ListTags'],
      fetch: async (raw, ctx) => (await lambda(ctx).send(new ListTagsCommand({ Resource: raw.FunctionArn }))).Tags ?? {},
    },
  },
  toResource(raw, hydrated, ctx) {
    // Versions share the function's ARN plus `:$LATEST`/`:N`; the function itself is the unqualified ARN.
    const id = (raw.FunctionArn ?? '').replace(/:\$LATEST$/, '');
    const resource = record(ctx, {
      type: 'aws.lambda.function',
      id,
      name: raw.FunctionName,
      tags: flatTags(hydrated.tags as Record<string, string> | undefined),
      config: configOf(raw, hydrated),
    });
    return {
      resource,
      edges: [
        ...edges(id, 'has-role', [raw.Role]),
        ...edges(
          id,
          'uses-security-group',
          (raw.VpcConfig?.SecurityGroupIds ?? []).map((g) => ec2Arn(ctx, 'security-group', g)),
        ),
        ...edges(
          id,
          'in-subnet',
          (raw.VpcConfig?.SubnetIds ?? []).map((s) => ec2Arn(ctx, 'subnet', s)),
        ),
        ...edges(id, 'encrypted-with', [kmsKeyArn(ctx, raw.KMSKeyArn)]),
      ],
    };
  },
  fixtures: [
    {
      // Function from cloud-custodian test_lambda_kms_key_filter (ListFunctions_1); policy from test_cross_account_lambda (GetPolicy_2).
      name: 'function with environment variables, a KMS key and a public invoke policy',
      raw: {
        FunctionName: 'test',
        FunctionArn: 'arn:aws:lambda:us-east-1:644160558196:function:test',
        Runtime: 'nodejs12.x',
        Role: 'arn:aws:iam::644160558196:role/sphere12',
        Handler: 'index.handler',
        CodeSize: 304,
        Timeout: 3,
        MemorySize: 128,
        LastModified: '2020-04-21T01:57:58.231+0000',
        Version: '$LATEST',
        Environment: { Variables: { test: 'test' } },
        KMSKeyArn: 'arn:aws:kms:us-east-1:644160558196:key/36812ccf-daaf-49b1-a24b-0eef254ffe41',
        TracingConfig: { Mode: 'PassThrough' },
      },
      hydrated: {
        policy: {
          Version: '2012-10-17',
          Statement: [
            { Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:644160558196:function:test', Effect: 'Allow', Principal: '*', Sid: 'oops' },
          ],
          Id: 'default',
        },
        urlConfig: null,
        tags: { team: 'payments' },
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:lambda:us-east-1:644160558196:function:test',
        name: 'test',
        tags: { team: 'payments' },
        config: { Environment: { Variables: { test: 'test' } }, urlConfig: null, policy: { Statement: [{ Principal: '*' }] } },
      },
      expectEdges: [
        { from: 'arn:aws:lambda:us-east-1:644160558196:function:test', kind: 'has-role', to: 'arn:aws:iam::644160558196:role/sphere12' },
        {
          from: 'arn:aws:lambda:us-east-1:644160558196:function:test',
          kind: 'encrypted-with',
          to: 'arn:aws:kms:us-east-1:644160558196:key/36812ccf-daaf-49b1-a24b-0eef254ffe41',
        },
      ],
    },
  ],
});
