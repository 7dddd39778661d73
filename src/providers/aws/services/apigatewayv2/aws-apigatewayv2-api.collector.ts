import { type Api, ApiGatewayV2Client, GetApisCommand, GetAuthorizersCommand, GetRoutesCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, flatTags, itemsOf, record, tokenPages } from '../common.js';

const apigw = (ctx: CollectContext) => ctx.client(ApiGatewayV2Client);

/** API Gateway v2 has no SDK paginators; every Get* pages with NextToken. */
const all = <T>(call: (NextToken: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>) =>
  collectAll(
    itemsOf(
      tokenPages(call, (p) => p.NextToken),
      (p) => p.Items,
    ),
  );

export default defineCollector<Api>({
  id: 'aws-apigatewayv2-api',
  resourceType: 'aws.apigatewayv2.api',
  provider: 'aws',
  service: 'apigatewayv2',
  scope: 'regional',
  title: 'API Gateway HTTP and WebSocket APIs',
  permissions: ['apigateway:GET'],
  triggers: [
    'CreateApi',
    'DeleteApi',
    'UpdateApi',
    'CreateRoute',
    'UpdateRoute',
    'DeleteRoute',
    'CreateStage',
    'UpdateStage',
    'DeleteStage',
    'CreateAuthorizer',
    'DeleteAuthorizer',
  ],
  list: (ctx) =>
    itemsOf(
      tokenPages(
        (NextToken) => apigw(ctx).send(new GetApisCommand({ NextToken })),
        (p) => p.NextToken,
      ),
      (p) => p.Items,
    ),
  hydrate: {
    stages: {
      permissions: ['apigateway:GET'],
      fetch: (raw, ctx) => all((NextToken) => apigw(ctx).send(new GetStagesCommand({ ApiId: raw.ApiId, NextToken }))),
    },
    routes: {
      permissions: ['apigateway:GET'],
      fetch: (raw, ctx) => all((NextToken) => apigw(ctx).send(new GetRoutesCommand({ ApiId: raw.ApiId, NextToken }))),
    },
    authorizers: {
      permissions: ['apigateway:GET'],
      fetch: (raw, ctx) => all((NextToken) => apigw(ctx).send(new GetAuthorizersCommand({ ApiId: raw.ApiId, NextToken }))),
    },
  },
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.apigatewayv2.api',
      id: `arn:${ctx.partition}:apigateway:${ctx.region}::/apis/${raw.ApiId}`,
      name: raw.Name,
      tags: flatTags(raw.Tags),
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      name: 'HTTP API with a route without authorization',
      raw: {
        ApiId: 'a1b2c3d4',
        Name: 'orders',
        ProtocolType: 'HTTP',
        ApiEndpoint: 'https://a1b2c3d4.execute-api.us-east-1.amazonaws.com',
        RouteSelectionExpression: '$request.method $request.path',
        Tags: { team: 'payments' },
      },
      hydrated: {
        routes: [{ RouteId: 'r1', RouteKey: 'GET /orders', AuthorizationType: 'NONE' }],
        stages: [{ StageName: '$default', AutoDeploy: true }],
        authorizers: [],
      },
      expect: {
        id: 'arn:aws:apigateway:us-east-1::/apis/a1b2c3d4',
        name: 'orders',
        tags: { team: 'payments' },
        config: { routes: [{ AuthorizationType: 'NONE' }] },
      },
    },
  ],
});
