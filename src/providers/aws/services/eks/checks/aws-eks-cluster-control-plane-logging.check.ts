import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-eks-cluster-control-plane-logging',
    title: 'EKS cluster sends API, audit and authenticator logs to CloudWatch',
    resourceType: 'aws.eks.cluster',
    severity: 'medium',
    risk: 'Without control-plane audit logs there is no record of who did what in the cluster.',
    remediation: 'Enable the api, audit and authenticator control-plane log types (aws eks update-cluster-config --logging).',
    compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1'), pci('10.2.1.2')],
    test: (c) => ['api', 'audit', 'authenticator'].every((t) => (c.logging?.clusterLogging ?? []).some((l: any) => l.enabled && (l.types ?? []).includes(t))),
    problem: () => 'api, audit or authenticator logging is disabled',
    good: { logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }] } },
    bad: {
      logging: {
        clusterLogging: [
          { types: ['api', 'audit'], enabled: true },
          { types: ['authenticator'], enabled: false },
        ],
      },
    },
  }),
);
