import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck } from '../../../../../core/units/check.js';
import { configTest } from '../../../check-kits.js';

export default defineCheck(
  configTest({
    id: 'aws-ssm-document-not-public',
    title: 'SSM document owned by the account is not shared publicly',
    resourceType: 'aws.ssm.document',
    severity: 'high',
    risk: 'A public document exposes scripts, internal hostnames and sometimes credentials to every AWS account.',
    remediation:
      'Stop sharing the document publicly (aws ssm modify-document-permission --account-ids-to-remove all) and enable the account setting that blocks public sharing.',
    compliance: [nist('AC-3'), nist('AC-22'), pci('7.2.1')],
    needs: ['permissions'],
    test: (c) => !(c.permissions?.AccountIds ?? []).includes('all'),
    problem: () => 'document is shared with all AWS accounts',
    good: { Name: 'deploy', permissions: { AccountIds: ['210987654321'] } },
    bad: { Name: 'deploy', permissions: { AccountIds: ['all'] } },
  }),
);
