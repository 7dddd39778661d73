import { defineDetector } from '../../../core/units/detector.js';
import { asList, ct, distinctBurst, type Ev, param, paramStr, series } from './common.js';

const ID = 'aws-cloudtrail-secrets-mass-retrieval';

/** The secret or parameter names one call reads; a filtered batch read counts as many. */
function secretsRead(e: Ev): string[] {
  switch (`${e.service}:${e.action}`) {
    case 'secretsmanager:GetSecretValue':
      return [paramStr(e, 'secretId') ?? e.id];
    case 'secretsmanager:BatchGetSecretValue': {
      const ids = asList(param(e, 'secretIdList')).map(String);
      // A filter-based batch read returns up to 20 secrets per call; count it as a bulk read.
      return ids.length ? ids : Array.from({ length: 10 }, (_, i) => `${e.id}#${i}`);
    }
    case 'ssm:GetParameter':
      return param(e, 'withDecryption') === true ? [paramStr(e, 'name') ?? e.id] : [];
    case 'ssm:GetParameters':
      return param(e, 'withDecryption') === true ? asList(param(e, 'names')).map(String) : [];
    case 'ssm:GetParametersByPath':
      return param(e, 'withDecryption') === true ? Array.from({ length: 10 }, (_, i) => `${paramStr(e, 'path')}#${e.id}#${i}`) : [];
    default:
      return [];
  }
}

/** Credential access: one identity reads many secrets or decrypted SSM parameters in a short window. */
export default defineDetector<Ev>({
  id: ID,
  title: 'Mass retrieval of secrets or SSM parameters',
  description:
    'One identity read ten or more distinct Secrets Manager secrets or SecureString parameters (decrypted) within ten minutes, by single or batch calls. Applications read a few known secrets; harvesting reads many.',
  source: 'aws-cloudtrail',
  severity: 'high',
  attack: ['T1555.006', 'T1552'],
  actions: ['secretsmanager:*', 'ssm:*'],
  logic: distinctBurst({
    id: ID,
    title: 'Mass retrieval of secrets or SSM parameters',
    severity: 'high',
    filter: (e) => !e.errorCode && (e.service === 'secretsmanager' || e.service === 'ssm'),
    key: (e) => e.actor.identity,
    values: secretsRead,
    seconds: 600,
    threshold: 10,
  }),
  fixtures: {
    hit: [
      {
        name: '12 secrets read one by one',
        events: series(12, 5, (i, t) =>
          ct({
            eventTime: t,
            eventSource: 'secretsmanager.amazonaws.com',
            eventName: 'GetSecretValue',
            readOnly: true,
            requestParameters: { secretId: `prod/db-${i}` },
          }),
        ),
      },
      {
        name: 'decrypted parameters in one call',
        events: [
          ct({
            eventSource: 'ssm.amazonaws.com',
            eventName: 'GetParameters',
            requestParameters: { names: Array.from({ length: 10 }, (_, i) => `/app/secret-${i}`), withDecryption: true },
          }),
        ],
      },
    ],
    miss: [
      {
        name: 'an app reads its two secrets repeatedly',
        events: series(30, 5, (i, t) =>
          ct({ eventTime: t, eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', requestParameters: { secretId: `prod/db-${i % 2}` } }),
        ),
      },
      {
        name: 'parameters without decryption',
        events: [
          ct({ eventSource: 'ssm.amazonaws.com', eventName: 'GetParameters', requestParameters: { names: Array.from({ length: 12 }, (_, i) => `/cfg/${i}`) } }),
        ],
      },
    ],
  },
});
