import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.ssm.document',
  provider: 'aws',
  service: 'ssm',
  title: 'SSM document',
  description: 'An SSM document owned by the account and who it is shared with.',
  scope: 'regional',
  summaryFields: ['DocumentType', 'permissions.AccountIds'],
});
