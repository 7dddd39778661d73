import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.accessanalyzer.analyzer',
  provider: 'aws',
  service: 'accessanalyzer',
  title: 'IAM Access Analyzer',
  description: 'An Access Analyzer analyzer with its active findings.',
  scope: 'regional',
  summaryFields: ['type', 'status'],
});
