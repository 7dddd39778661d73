import { type FlowEvent, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { flowEvent } from './network-helpers.js';

/** SKIPDATA: AWS dropped flow records (capacity or an internal error), so detection has a blind spot. */
export default defineDetector<FlowEvent>({
  id: 'aws-vpc-flow-log-records-skipped',
  title: 'Flow-log records skipped',
  description: 'A flow-log record with log-status SKIPDATA: records were lost during the capture window.',
  source: 'aws-vpc-flow',
  severity: 'low',
  attack: ['T1562.008'],
  // What every record this acts on has (checked on a bit mask before the logic runs).
  needs: FT.skipData,
  logic: {
    kind: 'match',
    key: (e) => e.flow.interfaceId ?? e.flow.tgwAttachmentId ?? 'unknown',
    match: (e) => e.flow.logStatus === 'SKIPDATA',
  },
  fixtures: {
    hit: [
      {
        name: 'SKIPDATA',
        events: [
          {
            flow: { version: 2, interfaceId: 'eni-1', start: 1, end: 2, logStatus: 'SKIPDATA' },
            time: 1000,
            endTime: 2000,
            direction: 'unknown',
            remoteExternal: false,
          },
        ],
      },
    ],
    miss: [
      {
        name: 'NODATA',
        events: [
          {
            flow: { version: 2, interfaceId: 'eni-1', start: 1, end: 2, logStatus: 'NODATA' },
            time: 1000,
            endTime: 2000,
            direction: 'unknown',
            remoteExternal: false,
          },
        ],
      },
      { name: 'normal record', events: [flowEvent({ direction: 'inbound', remote: '198.51.100.7', port: 443 })] },
    ],
  },
});
