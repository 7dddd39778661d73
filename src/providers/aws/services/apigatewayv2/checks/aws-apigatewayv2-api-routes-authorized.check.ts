import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-apigatewayv2-api-routes-authorized',
    title: 'API Gateway HTTP/WebSocket API routes require authorization',
    resourceType: 'aws.apigatewayv2.api',
    severity: 'high',
    risk: 'A route with authorization NONE lets anyone on the internet invoke the integration behind it.',
    remediation: 'Attach a JWT, IAM or Lambda authorizer to each route.',
    compliance: [nist('AC-3'), nist('IA-2'), pci('8.3.1'), pci('7.2.1')],
    needs: ['routes'],
    test: (c) => (c.routes ?? []).every((r: any) => (r.AuthorizationType ?? 'NONE') !== 'NONE' || String(r.RouteKey).startsWith('OPTIONS ')),
    problem: () => 'a route needs no authorization',
    good: { routes: [{ RouteKey: 'GET /items', AuthorizationType: 'JWT' }] },
    bad: { routes: [{ RouteKey: 'POST /admin', AuthorizationType: 'NONE' }] },
  }),
);
