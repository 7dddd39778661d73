import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.apigatewayv2.api',
  provider: 'aws',
  service: 'apigatewayv2',
  title: 'API Gateway HTTP/WebSocket API',
  description: 'An HTTP or WebSocket API with its stages, routes and authorizers.',
  scope: 'regional',
  summaryFields: ['Name', 'ProtocolType', 'ApiEndpoint'],
});
