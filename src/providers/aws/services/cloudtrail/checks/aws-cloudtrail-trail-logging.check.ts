import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-logging',
  title: 'CloudTrail trail is logging',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'high',
  risk: 'A stopped trail records nothing: stopping it is a classic first move of an intruder covering their tracks.',
  remediation: { text: 'Start logging (aws cloudtrail start-logging --name …) and alarm on StopLogging events.' },
  compliance: [nist('AU-2'), nist('AU-12'), nist('AU-5'), pci('10.2.1'), pci('10.7.2')],
  needs: ['status'],
  evaluate(r) {
    const missing = missingHydrated(r, ['status']);
    if (missing) return missing;
    return r.config.status?.IsLogging ? pass() : fail('trail is not logging', { status: r.config.status });
  },
  fixtures: [
    fx('logging', { Name: 't', status: { IsLogging: true } }, 'pass'),
    fx('stopped', { Name: 't', status: { IsLogging: false } }, 'fail'),
    fx('status unreadable', { Name: 't', _errors: { status: 'access-denied' } }, 'error'),
  ],
});
