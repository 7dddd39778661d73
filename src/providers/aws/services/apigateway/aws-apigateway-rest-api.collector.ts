import {
  APIGatewayClient,
  GetAuthorizersCommand,
  GetRestApiCommand,
  GetStagesCommand,
  paginateGetResources,
  paginateGetRestApis,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, flatTags, itemsOf, orNull, record } from '../common.js';

const apigw = (ctx: CollectContext) => ctx.client(APIGatewayClient);

export default defineCollector<RestApi>({
  id: 'aws-apigateway-rest-api',
  resourceType: 'aws.apigateway.rest-api',
  provider: 'aws',
  service: 'apigateway',
  scope: 'regional',
  title: 'API Gateway REST APIs',
  permissions: ['apigateway:GET'],
  triggers: [
    'CreateRestApi',
    'DeleteRestApi',
    'UpdateRestApi',
    'PutMethod',
    'UpdateMethod',
    'DeleteMethod',
    'CreateStage',
    'UpdateStage',
    'DeleteStage',
    'CreateAuthorizer',
    'UpdateAuthorizer',
    'DeleteAuthorizer',
  ],
  list: (ctx) => itemsOf(paginateGetRestApis({ client: apigw(ctx) }, {}), (p) => p.items),
  // Events carry `restApiId`; an ARN `…::/restapis/<id>[/stages/…]` carries it after `/restapis/`.
  async *refresh(ids, ctx) {
    const apiIds = new Set(ids.map((i) => (i.includes('/restapis/') ? i.split('/restapis/')[1]!.split('/')[0]! : i)).filter((i) => /^[a-z0-9]{10}$/.test(i)));
    for (const restApiId of apiIds) {
      const r = await orNull(() => apigw(ctx).send(new GetRestApiCommand({ restApiId })));
      if (!r) continue;
      const { $metadata: _, ...api } = r;
      yield api;
    }
  },
  hydrate: {
    stages: { permissions: ['apigateway:GET'], fetch: async (raw, ctx) => (await apigw(ctx).send(new GetStagesCommand({ restApiId: raw.id }))).item ?? [] },
    methods: {
      permissions: ['apigateway:GET'],
      async fetch(raw, ctx) {
        const out = [];
        for await (const r of itemsOf(paginateGetResources({ client: apigw(ctx) }, { restApiId: raw.id, embed: ['methods'] }), (p) => p.items))
          for (const [httpMethod, m] of Object.entries(r.resourceMethods ?? {}))
            out.push({ path: r.path, httpMethod, authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired === true });
        return out;
      },
    },
    authorizers: {
      permissions: ['apigateway:GET'],
      fetch: async (raw, ctx) => (await apigw(ctx).send(new GetAuthorizersCommand({ restApiId: raw.id }))).items ?? [],
    },
  },
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.apigateway.rest-api',
      id: `arn:${ctx.partition}:apigateway:${ctx.region}::/restapis/${raw.id}`,
      name: raw.name,
      tags: flatTags(raw.tags),
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // From cloud-custodian test_rest_stage_waf_value (GetRestApis_1), with an unauthenticated method.
      name: 'regional REST API with an open GET method',
      raw: {
        id: '643zr8zh9h',
        name: 'cfbeheakuev-fail-classic-no-rules',
        createdDate: new Date('2023-03-21T11:34:56Z'),
        version: '1.0',
        apiKeySource: 'HEADER',
        endpointConfiguration: { types: ['REGIONAL'] },
        disableExecuteApiEndpoint: false,
      },
      hydrated: { methods: [{ path: '/', httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false }], authorizers: [] },
      expect: {
        id: 'arn:aws:apigateway:us-east-1::/restapis/643zr8zh9h',
        name: 'cfbeheakuev-fail-classic-no-rules',
        config: { methods: [{ authorizationType: 'NONE' }] },
      },
    },
  ],
});
