import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.efs.file-system',
  provider: 'aws',
  service: 'efs',
  title: 'EFS file system',
  description: 'An EFS file system with its policy.',
  scope: 'regional',
  summaryFields: ['Encrypted', 'LifeCycleState'],
});
