import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-apigateway-rest-api-methods-authorized',
    title: 'API Gateway REST API methods require authorization',
    resourceType: 'aws.apigateway.rest-api',
    severity: 'high',
    risk: 'A method with authorization NONE and no API key lets anyone on the internet call the backend it fronts.',
    remediation: 'Attach an IAM, Cognito or Lambda authorizer to each method (OPTIONS for CORS excepted), or make the API private.',
    compliance: [nist('AC-3'), nist('IA-2'), nist('AC-14'), pci('8.3.1'), pci('7.2.1')],
    needs: ['methods'],
    applies: (c) => ((c.endpointConfiguration?.types ?? []).includes('PRIVATE') ? 'private API (reachable only through VPC endpoints)' : undefined),
    test: (c) => (c.methods ?? []).every((m: any) => m.httpMethod === 'OPTIONS' || m.authorizationType !== 'NONE' || m.apiKeyRequired === true),
    problem: (c) =>
      `${(c.methods ?? []).filter((m: any) => m.httpMethod !== 'OPTIONS' && m.authorizationType === 'NONE' && !m.apiKeyRequired).length} method(s) need no authorization`,
    good: {
      methods: [
        { path: '/orders', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS' },
        { path: '/orders', httpMethod: 'OPTIONS', authorizationType: 'NONE' },
      ],
    },
    bad: { methods: [{ path: '/admin', httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false }] },
    na: { endpointConfiguration: { types: ['PRIVATE'] }, methods: [{ path: '/', httpMethod: 'GET', authorizationType: 'NONE' }] },
  }),
);
