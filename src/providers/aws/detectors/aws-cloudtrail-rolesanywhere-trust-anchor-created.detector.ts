import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, succeeded } from './common.js';

/** IAM Roles Anywhere: a trust anchor lets certificates from an outside CA obtain role credentials. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-rolesanywhere-trust-anchor-created',
  title: 'IAM Roles Anywhere trust anchor created',
  description:
    'A Roles Anywhere trust anchor (or profile) was created or its CA changed: whoever holds a certificate from that CA can get credentials from outside AWS.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1098'],
  actions: ['rolesanywhere:CreateTrustAnchor', 'rolesanywhere:UpdateTrustAnchor'],
  logic: {
    kind: 'match',
    match: (e) => e.service === 'rolesanywhere' && (e.action === 'CreateTrustAnchor' || e.action === 'UpdateTrustAnchor') && succeeded(e),
    key: (e) => e.account,
  },
  fixtures: {
    hit: [
      {
        name: 'trust anchor created',
        events: [
          ct({
            eventSource: 'rolesanywhere.amazonaws.com',
            eventName: 'CreateTrustAnchor',
            requestParameters: { name: 'ta', source: { sourceType: 'CERTIFICATE_BUNDLE' } },
          }),
        ],
      },
    ],
    miss: [{ name: 'trust anchors listed', events: [ct({ eventSource: 'rolesanywhere.amazonaws.com', eventName: 'ListTrustAnchors', readOnly: true })] }],
  },
});
