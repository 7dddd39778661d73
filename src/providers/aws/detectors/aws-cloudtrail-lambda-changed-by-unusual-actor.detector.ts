import { defineDetector, type DetectorHit } from '../../../core/units/detector.js';
import { ct, type Ev, param, paramStr, role, series, trimLru, user, viaIac } from './common.js';

/** Lambda API names carry a version suffix (`UpdateFunctionCode20150331v2`). */
const base = (action: string) => action.replace(/\d{8}(v\d+)?$/, '');
const CHANGES = new Set([
  'UpdateFunctionCode',
  'UpdateFunctionConfiguration',
  'AddPermission',
  'CreateFunctionUrlConfig',
  'UpdateFunctionUrlConfig',
  'AddLayerVersionPermission',
  'PublishLayerVersion',
]);

/** A permission for everyone or a foreign account is a backdoor whoever adds it. */
function opensFunction(e: Ev): boolean {
  if (base(e.action) === 'AddPermission') {
    const p = paramStr(e, 'principal') ?? '';
    return p === '*' || (/^\d{12}$/.test(p) && p !== e.account) || (p.startsWith('arn:') && !p.includes(`:${e.account}:`));
  }
  if (base(e.action) === 'CreateFunctionUrlConfig' || base(e.action) === 'UpdateFunctionUrlConfig') return param(e, 'authType') === 'NONE';
  return false;
}

/**
 * Persistence through Lambda: function code, configuration (layers, role, environment) or resource
 * permissions changed outside the deployment path. "Unusual" means: not through infrastructure as
 * code, and not by an identity that has changed this function before in the stream; a change that
 * opens the function to everyone or another account is reported whoever makes it.
 */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-lambda-changed-by-unusual-actor',
  title: 'Lambda function changed outside the deployment path',
  description:
    'Lambda code, configuration or permissions changed by an identity that has not changed that function before and not through infrastructure as code (CloudFormation, Terraform, CDK, SAM…), or a change that opens the function to anyone.',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1525', 'T1546', 'T1098'],
  actions: ['lambda:*'],
  logic: {
    kind: 'stateful',
    create() {
      // function → identities that changed it (bounded: a few per function, capped functions).
      let editors = new Map<string, Set<string>>();
      return {
        push(e): DetectorHit<Ev>[] {
          if (e.service !== 'lambda' || e.errorCode || !CHANGES.has(base(e.action))) return [];
          const fn = e.resources[0]?.id ?? paramStr(e, 'functionName') ?? paramStr(e, 'layerName') ?? 'unknown';
          const known = editors.get(fn);
          const open = opensFunction(e);
          const unusual = !viaIac(e) && e.actor.type !== 'aws-service' && !known?.has(e.actor.identity);
          if (!known) {
            editors.set(fn, new Set([e.actor.identity]));
            trimLru(editors, 50_000);
          } else if (known.size < 20) known.add(e.actor.identity);
          if (!open && !unusual) return [];
          return [
            {
              detectorId: 'aws-cloudtrail-lambda-changed-by-unusual-actor',
              key: fn,
              title: open
                ? `Lambda function opened to ${paramStr(e, 'principal') ?? 'anyone'}`
                : `Lambda ${base(e.action)} by ${e.actor.name} outside the deployment path`,
              severity: open ? 'high' : 'medium',
              start: e.time,
              end: e.time,
              evidence: [e],
              details: { function: fn, change: base(e.action), opensFunction: open, previousEditors: known ? [...known] : [] },
            },
          ];
        },
        flush: () => [],
        snapshot: () => [...editors].map(([fn, ids]) => [fn, [...ids]]),
        restore(saved) {
          editors = new Map((saved as [string, string[]][]).map(([fn, ids]) => [fn, new Set(ids)]));
        },
      };
    },
  },
  fixtures: {
    hit: [
      {
        name: 'code replaced from a laptop CLI',
        events: [
          ct({
            eventSource: 'lambda.amazonaws.com',
            eventName: 'UpdateFunctionCode20150331v2',
            requestParameters: { functionName: 'billing-export', zipFile: 'HIDDEN' },
          }),
        ],
      },
      {
        name: 'invoke permission for everyone, even via Terraform',
        events: [
          ct({
            eventSource: 'lambda.amazonaws.com',
            eventName: 'AddPermission20150331v2',
            userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.6.0',
            requestParameters: { functionName: 'billing-export', principal: '*', action: 'lambda:InvokeFunction' },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'CloudFormation deploys',
        events: series(3, 600, (_i, t) =>
          ct({
            eventTime: t,
            eventSource: 'lambda.amazonaws.com',
            eventName: 'UpdateFunctionCode20150331v2',
            userIdentity: role('cfn-deployer', 'AWSCloudFormation'),
            userAgent: 'cloudformation.amazonaws.com',
            requestParameters: { functionName: 'billing-export' },
          }),
        ),
      },
      {
        name: 'the usual deployer, after Terraform introduced it',
        events: [
          ct({
            eventSource: 'lambda.amazonaws.com',
            eventName: 'UpdateFunctionCode20150331v2',
            userIdentity: user('deploy-bot'),
            userAgent: 'Terraform/1.6.0',
            requestParameters: { functionName: 'f' },
          }),
          ct({
            eventTime: '2026-11-18T11:00:00Z',
            eventSource: 'lambda.amazonaws.com',
            eventName: 'UpdateFunctionCode20150331v2',
            userIdentity: user('deploy-bot'),
            requestParameters: { functionName: 'f' },
          }),
        ],
      },
    ],
  },
});
