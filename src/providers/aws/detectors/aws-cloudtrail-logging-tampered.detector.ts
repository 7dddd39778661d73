import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, type Ev, param, paramStr, succeeded } from './common.js';

const TRAIL_ACTIONS: Record<string, string> = {
  StopLogging: 'CloudTrail logging stopped',
  DeleteTrail: 'CloudTrail trail deleted',
  UpdateTrail: 'CloudTrail trail altered',
  PutEventSelectors: 'CloudTrail event selectors changed',
  PutInsightSelectors: 'CloudTrail insight selectors changed',
  DeleteEventDataStore: 'CloudTrail Lake event data store deleted',
  StopEventDataStoreIngestion: 'CloudTrail Lake ingestion stopped',
};

/** A lifecycle rule on a bucket that looks like a trail bucket can expire logs before anyone reads them. */
/**
 * PutEventSelectors is routine when it widens logging; it is tampering when it drops management
 * events, keeps only reads or writes, or excludes event sources (KMS, RDS Data API).
 */
function selectorsReduceLogging(e: Ev): boolean {
  if (param(e, 'advancedEventSelectors') !== undefined && param(e, 'eventSelectors') === undefined) return false;
  return asList(param(e, 'eventSelectors')).some((s) => {
    const sel = s as { includeManagementEvents?: boolean; readWriteType?: string; excludeManagementEventSources?: unknown[] };
    return (
      sel.includeManagementEvents === false ||
      (sel.readWriteType !== undefined && sel.readWriteType !== 'All') ||
      asList(sel.excludeManagementEventSources).length > 0
    );
  });
}

const LIFECYCLE = new Set(['PutBucketLifecycle', 'PutBucketLifecycleConfiguration']);
const looksLikeTrailBucket = (name: string | undefined) => !!name && /cloudtrail|trail|audit-log/i.test(name);

export default defineDetector<Ev>({
  id: 'aws-cloudtrail-logging-tampered',
  title: 'CloudTrail logging stopped, deleted or altered',
  description:
    'StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors (and the CloudTrail Lake equivalents), or a lifecycle rule put on the bucket a trail writes to: the audit trail is being blinded.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1562.008'],
  actions: [...Object.keys(TRAIL_ACTIONS).map((a) => `cloudtrail:${a}`), ...[...LIFECYCLE].map((a) => `s3:${a}`)],
  logic: {
    kind: 'match',
    match: (e) => {
      if (!succeeded(e)) return false;
      if (e.service === 'cloudtrail' && e.action === 'PutEventSelectors' && !selectorsReduceLogging(e)) return false;
      if (e.service === 'cloudtrail' && TRAIL_ACTIONS[e.action]) {
        const sev = e.action === 'StopLogging' || e.action === 'DeleteTrail' || e.action === 'DeleteEventDataStore' ? 'critical' : 'high';
        return { title: TRAIL_ACTIONS[e.action], severity: sev, details: { trail: paramStr(e, 'name') ?? paramStr(e, 'trailName') } };
      }
      if (e.service === 's3' && LIFECYCLE.has(e.action) && looksLikeTrailBucket(paramStr(e, 'bucketName')))
        return { title: 'Lifecycle rule put on the CloudTrail bucket', details: { bucket: paramStr(e, 'bucketName') } };
      return false;
    },
    key: (e) => e.resources[0]?.id ?? e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'StopLogging on the org trail',
        events: [
          ct({
            eventSource: 'cloudtrail.amazonaws.com',
            eventName: 'StopLogging',
            requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-org-trail' },
          }),
        ],
      },
      {
        name: 'PutEventSelectors dropping management events',
        events: [
          ct({
            eventSource: 'cloudtrail.amazonaws.com',
            eventName: 'PutEventSelectors',
            requestParameters: { trailName: 'main', eventSelectors: [{ includeManagementEvents: false, readWriteType: 'ReadOnly', dataResources: [] }] },
          }),
        ],
      },
      {
        name: 'lifecycle on the trail bucket',
        events: [
          ct({
            eventSource: 's3.amazonaws.com',
            eventName: 'PutBucketLifecycle',
            requestParameters: { bucketName: 'acme-org-cloudtrail', LifecycleConfiguration: {} },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'PutEventSelectors logging everything',
        events: [
          ct({
            eventSource: 'cloudtrail.amazonaws.com',
            eventName: 'PutEventSelectors',
            requestParameters: {
              trailName: 'main',
              eventSelectors: [{ includeManagementEvents: true, readWriteType: 'All', excludeManagementEventSources: [] }],
            },
          }),
        ],
      },
      { name: 'StartLogging', events: [ct({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging', requestParameters: { name: 'main' } })] },
      {
        name: 'denied StopLogging',
        events: [ct({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', errorCode: 'AccessDenied', requestParameters: { name: 'main' } })],
      },
      {
        name: 'lifecycle on an ordinary bucket',
        events: [ct({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketLifecycle', requestParameters: { bucketName: 'acme-public-assets' } })],
      },
    ],
  },
});
