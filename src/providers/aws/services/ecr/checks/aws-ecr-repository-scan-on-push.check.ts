import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ecr-repository-scan-on-push',
    title: 'ECR repository scans images on push',
    resourceType: 'aws.ecr.repository',
    severity: 'medium',
    risk: 'Images with known-vulnerable packages are pushed and deployed without anyone being told.',
    remediation: 'Enable scan on push for the repository, or enhanced scanning (Inspector) for the registry.',
    compliance: [nist('RA-5'), nist('SI-2'), pci('6.3.3'), pci('11.3.1')],
    test: (c) => c.imageScanningConfiguration?.scanOnPush === true,
    problem: () => 'scan on push is disabled',
    good: { repositoryName: 'app', imageScanningConfiguration: { scanOnPush: true } },
    bad: { repositoryName: 'app', imageScanningConfiguration: { scanOnPush: false } },
  }),
);
