import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, param, succeeded } from './common.js';

/** Calls that switch off a detective control, by service. */
const DISABLING: Record<string, (e: Ev) => boolean> = {
  'guardduty:DeleteDetector': () => true,
  'guardduty:UpdateDetector': (e) => param(e, 'enable') === false || param(e, 'enable') === 'false',
  'guardduty:DisassociateFromMasterAccount': () => true,
  'guardduty:DisassociateFromAdministratorAccount': () => true,
  'guardduty:StopMonitoringMembers': () => true,
  'guardduty:DeleteMembers': () => true,
  'guardduty:CreateFilter': (e) => param(e, 'action') === 'ARCHIVE',
  'securityhub:DisableSecurityHub': () => true,
  'securityhub:BatchDisableStandards': () => true,
  'securityhub:DisableImportFindingsForProduct': () => true,
  'config:StopConfigurationRecorder': () => true,
  'config:DeleteConfigurationRecorder': () => true,
  'config:DeleteDeliveryChannel': () => true,
  'macie2:DisableMacie': () => true,
  'access-analyzer:DeleteAnalyzer': () => true,
  'inspector2:Disable': () => true,
  'detective:DeleteGraph': () => true,
};

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-security-service-disabled',
  title: 'Security monitoring service disabled',
  description: 'GuardDuty, Security Hub, AWS Config, Macie, Access Analyzer, Inspector or Detective was switched off or its findings suppressed.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1562.001'],
  actions: Object.keys(DISABLING),
  logic: {
    kind: 'match',
    match: (e) => {
      const test = DISABLING[`${e.service}:${e.action}`];
      return succeeded(e) && test?.(e) ? { title: `${e.service} disabled: ${e.action}` } : false;
    },
    key: (e) => `${e.account}:${e.region}:${e.service}`,
  },
  fixtures: {
    hit: [
      {
        name: 'GuardDuty detector deleted',
        events: [ct({ eventSource: 'guardduty.amazonaws.com', eventName: 'DeleteDetector', requestParameters: { detectorId: 'abc123' } })],
      },
      {
        name: 'Config recorder stopped',
        events: [
          ct({ eventSource: 'config.amazonaws.com', eventName: 'StopConfigurationRecorder', requestParameters: { configurationRecorderName: 'default' } }),
        ],
      },
      {
        name: 'GuardDuty disabled by update',
        events: [ct({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'abc', enable: false } })],
      },
    ],
    miss: [
      {
        name: 'GuardDuty detector updated, still enabled',
        events: [ct({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'abc', enable: true } })],
      },
      { name: 'Security Hub enabled', events: [ct({ eventSource: 'securityhub.amazonaws.com', eventName: 'EnableSecurityHub' })] },
    ],
  },
});
