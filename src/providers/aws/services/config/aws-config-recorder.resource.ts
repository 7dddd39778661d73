import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.config.recorder',
  provider: 'aws',
  service: 'config',
  title: 'Config recorder',
  description: 'An AWS Config configuration recorder and its status.',
  scope: 'regional',
  summaryFields: ['recordingGroup.allSupported', 'status.recording'],
});
