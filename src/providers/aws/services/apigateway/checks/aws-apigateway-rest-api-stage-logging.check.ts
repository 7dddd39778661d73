import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-apigateway-rest-api-stage-logging',
    title: 'API Gateway REST API stages log execution',
    resourceType: 'aws.apigateway.rest-api',
    severity: 'low',
    risk: 'Without execution logging, abuse of the API and failures of its authorizers leave no trace.',
    remediation: 'Set the stage method settings (*/*) loggingLevel to ERROR or INFO and configure access logging.',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1')],
    needs: ['stages'],
    test: (c) =>
      (c.stages ?? []).every((s: any) => ['ERROR', 'INFO'].includes(s.methodSettings?.['*/*']?.loggingLevel) || !!s.accessLogSettings?.destinationArn),
    problem: () => 'a stage has neither execution nor access logging',
    good: { stages: [{ stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'ERROR' } } }] },
    bad: { stages: [{ stageName: 'prod', methodSettings: {} }] },
  }),
);
