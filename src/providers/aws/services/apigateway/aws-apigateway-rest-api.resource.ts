import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.apigateway.rest-api',
  provider: 'aws',
  service: 'apigateway',
  title: 'API Gateway REST API',
  description: 'A REST API with its stages, methods (authorization) and authorizers.',
  scope: 'regional',
  summaryFields: ['name', 'endpointConfiguration.types'],
});
