import { cis, nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { regionalServiceEnabled } from '../../../check-kits.js';

export default defineCheck(
  regionalServiceEnabled({
    id: 'aws-accessanalyzer-enabled-in-region',
    title: 'IAM Access Analyzer is enabled in the region',
    severity: 'low',
    risk: 'Without an analyzer, resources shared outside the account or organisation (buckets, keys, roles, queues) go unnoticed in this region.',
    remediation: 'Create an account or organisation analyzer in every region (aws accessanalyzer create-analyzer --type ACCOUNT|ORGANIZATION).',
    compliance: [cis('1.19'), nist('AC-3'), nist('CA-7'), pci('7.2.1')],
    service: 'access-analyzer',
    type: 'aws.accessanalyzer.analyzer',
    enabled: (a) => a.status === 'ACTIVE',
    example: { arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a', status: 'ACTIVE', type: 'ACCOUNT' },
    disabled: { arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a', status: 'DISABLED', type: 'ACCOUNT' },
  }),
);
