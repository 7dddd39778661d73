import { nist, pci } from '../../../../../compliance/index.js';
import { defineCheck, fail, pass } from '../../../../../core/units/check.js';
import { fx } from '../../../check-kits.js';
import { type Cfg, asArray, missingHydrated } from '../../../checks-common.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-management-events-recorded',
  title: 'CloudTrail trail records read and write management events',
  provider: 'aws',
  resourceType: 'aws.cloudtrail.trail',
  severity: 'medium',
  risk: 'A trail that skips management events (or only records one direction) misses the control-plane calls investigations depend on.',
  remediation: {
    text: 'Set an event selector with IncludeManagementEvents true and ReadWriteType All (or an advanced selector for eventCategory Management).',
  },
  compliance: [nist('AU-2'), nist('AU-12'), pci('10.2.1'), pci('10.2.1.2')],
  needs: ['eventSelectors'],
  evaluate(r) {
    const missing = missingHydrated(r, ['eventSelectors']);
    if (missing) return missing;
    const sel = r.config.eventSelectors as Cfg | null;
    const basic = asArray(sel?.EventSelectors as Cfg[]).some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All');
    const advanced = asArray(sel?.AdvancedEventSelectors as Cfg[]).some((s) => {
      const fields = asArray(s.FieldSelectors as Cfg[]);
      return (
        fields.some((f) => f.Field === 'eventCategory' && asArray(f.Equals as string[]).includes('Management')) && !fields.some((f) => f.Field === 'readOnly')
      );
    });
    return basic || advanced ? pass() : fail('trail does not record all management events');
  },
  fixtures: [
    fx('all management events', { eventSelectors: { EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }] } }, 'pass'),
    fx(
      'advanced management selector',
      { eventSelectors: { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] } },
      'pass',
    ),
    fx('write-only', { eventSelectors: { EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'WriteOnly' }] } }, 'fail'),
    fx('management events excluded', { eventSelectors: { EventSelectors: [{ IncludeManagementEvents: false, ReadWriteType: 'All' }] } }, 'fail'),
    fx('selectors unreadable', { _errors: { eventSelectors: 'access-denied' } }, 'error'),
  ],
});
