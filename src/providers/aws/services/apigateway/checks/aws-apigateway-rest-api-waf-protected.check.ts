import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-apigateway-rest-api-waf-protected',
    title: 'Public API Gateway REST API stages are protected by AWS WAF',
    resourceType: 'aws.apigateway.rest-api',
    severity: 'medium',
    risk: 'Public API stages without a web ACL take injection, scanning and credential-stuffing traffic directly.',
    remediation: 'Associate a regional WAF web ACL with each stage.',
    compliance: [nist('SC-7'), nist('SI-4'), pci('6.4.2')],
    needs: ['stages'],
    applies: (c) => ((c.endpointConfiguration?.types ?? []).includes('PRIVATE') ? 'private API (reachable only through VPC endpoints)' : undefined),
    test: (c) => (c.stages ?? []).every((s: any) => !!s.webAclArn),
    problem: () => 'a stage has no WAF web ACL',
    good: { stages: [{ stageName: 'prod', webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1' }] },
    bad: { stages: [{ stageName: 'prod' }] },
    na: { endpointConfiguration: { types: ['PRIVATE'] }, stages: [] },
  }),
);
