import { defineResource } from '../../../../core/units/resource.js';

export default defineResource({
  type: 'aws.eks.cluster',
  provider: 'aws',
  service: 'eks',
  title: 'EKS cluster',
  description: 'An EKS cluster with its endpoint access and node groups.',
  scope: 'regional',
  summaryFields: ['version', 'resourcesVpcConfig.endpointPublicAccess'],
});
