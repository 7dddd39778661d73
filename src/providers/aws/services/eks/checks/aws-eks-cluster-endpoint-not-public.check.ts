import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-eks-cluster-endpoint-not-public',
    title: 'EKS cluster API endpoint is not open to the whole internet',
    resourceType: 'aws.eks.cluster',
    severity: 'high',
    risk: 'A public Kubernetes API endpoint open to 0.0.0.0/0 is exposed to credential attacks and any API-server vulnerability.',
    remediation: 'Disable public endpoint access, or restrict publicAccessCidrs to your own ranges and enable private access.',
    compliance: [nist('SC-7'), nist('AC-17'), pci('1.3.1'), pci('1.4.2')],
    test: (c) => c.resourcesVpcConfig?.endpointPublicAccess !== true || !(c.resourcesVpcConfig?.publicAccessCidrs ?? ['0.0.0.0/0']).includes('0.0.0.0/0'),
    problem: () => 'cluster API endpoint is public to 0.0.0.0/0',
    good: [
      { resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } },
      { resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['198.51.100.0/24'] } },
    ],
    bad: { resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } },
  }),
);
