import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-apigatewayv2-api-access-logging',
    title: 'API Gateway HTTP/WebSocket API stages have access logging',
    resourceType: 'aws.apigatewayv2.api',
    severity: 'low',
    risk: 'Without access logs, calls to the API cannot be attributed or investigated.',
    remediation: 'Configure AccessLogSettings (destination log group and format) on every stage.',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
    needs: ['stages'],
    test: (c) => (c.stages ?? []).every((s: any) => !!s.AccessLogSettings?.DestinationArn),
    problem: () => 'a stage has no access logging',
    good: { stages: [{ StageName: '$default', AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api' } }] },
    bad: { stages: [{ StageName: '$default' }] },
  }),
);
