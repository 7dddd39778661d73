import { defineDetector } from '../../../core/units/detector.js';
import { ct, type Ev, role } from './common.js';

const ACTIONS = new Set(['PutFoundationModelEntitlement', 'CreateFoundationModelAgreement', 'PutUseCaseForModelAccess']);

/** LLMjacking: stolen credentials are used to switch on foundation-model access and then invoke models. */
export default defineDetector<Ev>({
  id: 'aws-cloudtrail-bedrock-model-access-enabled',
  title: 'Bedrock foundation-model access enabled',
  description:
    'Model access was requested or an end-user agreement accepted for a Bedrock foundation model (PutFoundationModelEntitlement, CreateFoundationModelAgreement, PutUseCaseForModelAccess).',
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1496'],
  actions: [...ACTIONS].map((a) => `bedrock:${a}`),
  logic: { kind: 'match', match: (e) => e.service === 'bedrock' && ACTIONS.has(e.action) && !e.errorCode, key: (e) => e.actor.identity },
  fixtures: {
    hit: [
      {
        name: 'entitlement requested',
        events: [
          ct({
            eventSource: 'bedrock.amazonaws.com',
            eventName: 'PutFoundationModelEntitlement',
            userIdentity: role('dev', 'x'),
            requestParameters: { modelId: 'anthropic.claude-3-sonnet' },
          }),
        ],
      },
    ],
    miss: [{ name: 'model invoked', events: [ct({ eventSource: 'bedrock.amazonaws.com', eventName: 'InvokeModel', readOnly: true })] }],
  },
});
