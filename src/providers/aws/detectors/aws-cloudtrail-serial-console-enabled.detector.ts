import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev } from './common.js';

/** The EC2 serial console gives a shell that bypasses security groups; enabling it account-wide is rare. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-serial-console-enabled',
  title: 'EC2 serial console access enabled',
  description: 'EnableSerialConsoleAccess turns on interactive serial-console access to every instance in the region (or was attempted).',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1021'],
  actions: ['ec2:EnableSerialConsoleAccess'],
  logic: { kind: 'match', match: (e) => e.service === 'ec2' && e.action === 'EnableSerialConsoleAccess', key: (e) => `${e.account}:${e.region}` },
  fixtures: {
    hit: [{ name: 'enabled', events: [ct({ eventSource: 'ec2.amazonaws.com', eventName: 'EnableSerialConsoleAccess' })] }],
    miss: [{ name: 'disabled', events: [ct({ eventSource: 'ec2.amazonaws.com', eventName: 'DisableSerialConsoleAccess' })] }],
  },
});
