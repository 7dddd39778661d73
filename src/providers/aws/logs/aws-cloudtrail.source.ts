import type { ActorType, AuditActor, AuditEvent, ClientKind } from '../../../core/events.js';
import { defineLogSource } from '../../../core/units/log-source.js';
import { memo } from '../../../core/memo.js';

/**
 * CloudTrail → `AuditEvent`. Accepts a plain CloudTrail record (S3 delivery, JSON lines, Stratus
 * detonation logs), an EventBridge "AWS API Call via CloudTrail" envelope (the record is `detail`),
 * and CloudTrail Lake / Athena exports (a flat record, or one whose `eventjson` column holds the
 * record as text). Region names and user agents are taken as given: anonymised logs use made-up ones.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

const ACTOR_TYPES = new Map<unknown, ActorType>([
  ['Root', 'root'],
  ['IAMUser', 'iam-user'],
  ['AssumedRole', 'assumed-role'],
  ['FederatedUser', 'federated-user'],
  ['SAMLUser', 'federated-user'],
  ['WebIdentityUser', 'federated-user'],
  ['AWSService', 'aws-service'],
  ['AWSAccount', 'aws-account'],
  ['IdentityCenterUser', 'identity-center-user'],
]);

/** Unwraps the containers CloudTrail records arrive in; returns the record itself. */
export function unwrapRecord(raw: unknown): Obj {
  if (!isObj(raw)) throw new Error('record is not a JSON object');
  if (isObj(raw.detail) && (raw['detail-type'] !== undefined || raw.source !== undefined)) return raw.detail;
  const lake = raw.eventjson ?? raw.eventJson ?? raw.EventJson;
  if (typeof lake === 'string') {
    const parsed: unknown = JSON.parse(lake);
    if (!isObj(parsed)) throw new Error('eventjson is not a JSON object');
    return parsed;
  }
  if (isObj(lake)) return lake;
  return raw;
}

/** Dotted quad of 1–3 digit groups (the shape `^\d{1,3}(\.\d{1,3}){3}$`), by char codes: it runs per event. */
function isIpv4Shape(v: string): boolean {
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return false;
    } else if (c === 46 && digits > 0 && dots < 3) {
      dots++;
      digits = 0;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

const IPV6ISH = /^[0-9a-fA-F:.]+$/;
export function isIpAddress(v: string): boolean {
  return isIpv4Shape(v) || (v.includes(':') && IPV6ISH.test(v));
}

/** `ec2.amazonaws.com` → `ec2`, one shared string per source. */
const serviceOf = memo(4096, (src) => src.replace(/\.amazonaws\.com$/, ''));

/** Client kind from the user agent alone (the actor-type and console-session cases are decided first). */
const uaClientKind = memo(4096, (ua: string): ClientKind | 'browser' => {
  const l = ua.toLowerCase();
  if (l.includes('console.amazonaws.com') || l.includes('signin.amazonaws.com') || l.includes('console.ec2.amazonaws.com')) return 'console';
  if (l === 'aws internal' || /^[a-z0-9.-]+\.amazonaws\.com$/.test(l)) return 'service';
  if (l.includes('terraform')) return 'terraform';
  if (l.startsWith('aws-cli') || l.includes(' aws-cli/') || l.includes('command/')) return 'cli';
  if (/(aws-sdk|boto3|botocore|aws-internal|aws-powershell|awspowershell)/.test(l)) return 'sdk';
  if (l.includes('mozilla/')) return 'browser';
  return 'other';
});

/** What kind of client made the call, from the user agent (and the identity for AWS services). */
export function clientKind(userAgent: string | undefined, actorType: ActorType, consoleSession: boolean): ClientKind {
  if (consoleSession) return 'console';
  const k = uaClientKind(userAgent ?? '');
  if (k === 'console') return k;
  // An AWS service acting is 'service' whatever else its agent says; a browser agent is the console.
  if (actorType === 'aws-service') return 'service';
  return k === 'browser' ? 'console' : k;
}

const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** `arn:aws:sts::1:assumed-role/Role/session` → `arn:aws:iam::1:role/Role`. */
export function roleFromSessionArn(arn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d*):assumed-role\/(.+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

const NO_IDENTITY: Obj = {};

export function normaliseActor(ui: Obj | undefined, userAgent: string | undefined, account: string, additional: Obj | undefined): AuditActor {
  const u = ui ?? NO_IDENTITY;
  const type = ACTOR_TYPES.get(u.type) ?? 'unknown';
  const arn = str(u.arn);
  const ctx = isObj(u.sessionContext) ? u.sessionContext : undefined;
  const issuer = ctx && isObj(ctx.sessionIssuer) ? ctx.sessionIssuer : undefined;
  const attrs = ctx && isObj(ctx.attributes) ? ctx.attributes : undefined;
  const actorAccount = str(u.accountId) ?? account;
  const invokedBy = str(u.invokedBy);
  let sessionIssuer = issuer ? str(issuer.arn) : undefined;
  let sessionName: string | undefined;
  if (type === 'assumed-role' && arn) {
    sessionIssuer ??= roleFromSessionArn(arn);
    sessionName = lastSegment(arn);
  }
  if (type === 'federated-user' && arn) sessionName = lastSegment(arn);
  let mfa: boolean | undefined;
  if (attrs && attrs.mfaAuthenticated !== undefined) mfa = String(attrs.mfaAuthenticated) === 'true';
  if (additional && additional.MFAUsed !== undefined) mfa = additional.MFAUsed === 'Yes';
  const userName = str(u.userName);
  const principalId = str(u.principalId);
  const identity =
    type === 'root'
      ? `arn:aws:iam::${actorAccount}:root`
      : type === 'assumed-role'
        ? (sessionIssuer ?? arn ?? principalId ?? 'unknown')
        : type === 'aws-service'
          ? (invokedBy ?? 'aws-service')
          : (arn ?? principalId ?? (userName ? `${actorAccount}:${userName}` : 'unknown'));
  const name =
    type === 'root'
      ? 'root'
      : (userName ?? sessionName ?? (issuer ? str(issuer.userName) : undefined) ?? invokedBy ?? (arn ? lastSegment(arn) : undefined) ?? identity);
  const consoleSession = ctx ? ctx.sessionCredentialFromConsole === 'true' || ctx.sessionCredentialFromConsole === true : false;
  // One object shape for every actor (absent fields are undefined, not missing): the detectors
  // that read them stay monomorphic.
  return {
    type,
    arn,
    principalId,
    account: actorAccount || undefined,
    accessKeyId: str(u.accessKeyId),
    sessionIssuer,
    sessionName,
    mfa,
    identity,
    name,
    client: clientKind(userAgent, type, consoleSession),
    invokedBy,
  };
}

/** Request parameters that name a resource, and how to make an ARN of them. */
const PARAM_ARNS: { service: string; param: string; type: string; arn: (v: string, region: string, account: string) => string }[] = [
  { service: 's3', param: 'bucketName', type: 'aws.s3.bucket', arn: (v) => `arn:aws:s3:::${v}` },
  { service: 'ec2', param: 'groupId', type: 'aws.ec2.security-group', arn: (v, r, a) => `arn:aws:ec2:${r}:${a}:security-group/${v}` },
  { service: 'ec2', param: 'instanceId', type: 'aws.ec2.instance', arn: (v, r, a) => `arn:aws:ec2:${r}:${a}:instance/${v}` },
  { service: 'ec2', param: 'snapshotId', type: 'aws.ec2.snapshot', arn: (v, r, a) => `arn:aws:ec2:${r}:${a}:snapshot/${v}` },
  { service: 'ec2', param: 'imageId', type: 'aws.ec2.image', arn: (v, r, a) => `arn:aws:ec2:${r}:${a}:image/${v}` },
  { service: 'ec2', param: 'vpcId', type: 'aws.ec2.vpc', arn: (v, r, a) => `arn:aws:ec2:${r}:${a}:vpc/${v}` },
  { service: 'iam', param: 'userName', type: 'aws.iam.user', arn: (v, _r, a) => `arn:aws:iam::${a}:user/${v}` },
  { service: 'iam', param: 'roleName', type: 'aws.iam.role', arn: (v, _r, a) => `arn:aws:iam::${a}:role/${v}` },
  { service: 'iam', param: 'groupName', type: 'aws.iam.group', arn: (v, _r, a) => `arn:aws:iam::${a}:group/${v}` },
  {
    service: 'cloudtrail',
    param: 'name',
    type: 'aws.cloudtrail.trail',
    arn: (v, r, a) => (v.startsWith('arn:') ? v : `arn:aws:cloudtrail:${r}:${a}:trail/${v}`),
  },
  {
    service: 'cloudtrail',
    param: 'trailName',
    type: 'aws.cloudtrail.trail',
    arn: (v, r, a) => (v.startsWith('arn:') ? v : `arn:aws:cloudtrail:${r}:${a}:trail/${v}`),
  },
  {
    service: 'lambda',
    param: 'functionName',
    type: 'aws.lambda.function',
    arn: (v, r, a) => (v.startsWith('arn:') ? v : `arn:aws:lambda:${r}:${a}:function:${v}`),
  },
  { service: 'rds', param: 'dBSnapshotIdentifier', type: 'aws.rds.db-snapshot', arn: (v, r, a) => `arn:aws:rds:${r}:${a}:snapshot:${v}` },
  { service: 'rds', param: 'dBInstanceIdentifier', type: 'aws.rds.db-instance', arn: (v, r, a) => `arn:aws:rds:${r}:${a}:db:${v}` },
  {
    service: 'secretsmanager',
    param: 'secretId',
    type: 'aws.secretsmanager.secret',
    arn: (v, r, a) => (v.startsWith('arn:') ? v : `arn:aws:secretsmanager:${r}:${a}:secret:${v}`),
  },
  { service: 'guardduty', param: 'detectorId', type: 'aws.guardduty.detector', arn: (v, r, a) => `arn:aws:guardduty:${r}:${a}:detector/${v}` },
  { service: 'kms', param: 'keyId', type: 'aws.kms.key', arn: (v, r, a) => (v.startsWith('arn:') ? v : `arn:aws:kms:${r}:${a}:key/${v}`) },
];

const PARAM_ARNS_BY_SERVICE = new Map<string, typeof PARAM_ARNS>();
for (const d of PARAM_ARNS) PARAM_ARNS_BY_SERVICE.set(d.service, [...(PARAM_ARNS_BY_SERVICE.get(d.service) ?? []), d]);

/** Adds a resource unless its id is there already (a handful per event: a linear scan beats a Set). */
function addResource(out: { type?: string; id: string }[], id: string, type: string | undefined): void {
  for (let i = 0; i < out.length; i++) if ((out[i] as { id: string }).id === id) return;
  out.push(type ? { type, id } : { id });
}

/** EC2's `{items: [{instanceId}]}` request lists. */
function addEc2Items(
  out: { type?: string; id: string }[],
  p: Obj,
  listKey: string,
  idKey: string,
  arnPrefix: string | undefined,
  type: string | undefined,
): void {
  const set = p[listKey];
  if (!isObj(set) || !Array.isArray(set.items)) return;
  for (const i of set.items) {
    const id = isObj(i) ? i[idKey] : undefined;
    if (typeof id === 'string') addResource(out, arnPrefix === undefined ? id : arnPrefix + id, type);
  }
}

export function resourcesTouched(rec: Obj, service: string, region: string, account: string): { type?: string; id: string }[] {
  const out: { type?: string; id: string }[] = [];
  const list = rec.resources;
  if (Array.isArray(list))
    for (const r of list) if (isObj(r) && typeof r.ARN === 'string') addResource(out, r.ARN, typeof r.type === 'string' ? r.type : undefined);
  const p = rec.requestParameters;
  if (!isObj(p)) return out;
  const defs = PARAM_ARNS_BY_SERVICE.get(service);
  if (defs)
    for (const d of defs) {
      const v = p[d.param];
      if (typeof v === 'string' && v) addResource(out, d.arn(v, region, account), d.type);
    }
  if (service === 'ec2') {
    addEc2Items(out, p, 'instancesSet', 'instanceId', `arn:aws:ec2:${region}:${account}:instance/`, 'aws.ec2.instance');
    addEc2Items(out, p, 'resourcesSet', 'resourceId', undefined, undefined);
  } else if (service === 'ssm') {
    if (Array.isArray(p.instanceIds))
      for (const id of p.instanceIds) if (typeof id === 'string') addResource(out, `arn:aws:ec2:${region}:${account}:instance/${id}`, 'aws.ec2.instance');
    if (typeof p.target === 'string' && p.target.startsWith('i-'))
      addResource(out, `arn:aws:ec2:${region}:${account}:instance/${p.target}`, 'aws.ec2.instance');
  } else if (service === 'ec2-instance-connect' && typeof p.instanceId === 'string')
    addResource(out, `arn:aws:ec2:${region}:${account}:instance/${p.instanceId}`, 'aws.ec2.instance');
  return out;
}

/** Epoch ms of an ISO date and hour (`2026-11-18T09`), memoised: CloudTrail times repeat their hour. */
const hourStart = memo(4096, (dayHour: string) => Date.parse(`${dayHour}:00:00Z`));

/** The last `YYYY-MM-DDTHH` asked and its epoch ms: records come in time order, so mostly the same hour. */
let lastHour = '';
let lastHourMs = Number.NaN;

/** `hourStart` of the first 13 characters of `v`, without slicing or a lookup when they are the last hour's. */
function hourOf(v: string): number {
  const l = lastHour;
  let same = l.length === 13;
  for (let i = 0; same && i < 13; i++) same = v.charCodeAt(i) === l.charCodeAt(i);
  if (!same) {
    lastHour = v.slice(0, 13);
    lastHourMs = hourStart(lastHour);
  }
  return lastHourMs;
}

/** Two ASCII digits at `i` as a number, or NaN. */
function twoDigits(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

function parseTime(v: unknown): number {
  if (typeof v !== 'string') return Number.NaN;
  // CloudTrail's own shape, `2026-11-18T09:12:00Z`: the hour from a memo, minutes and seconds by
  // char codes (Date.parse per event was a tenth of normalising). Anything else goes to Date.parse.
  if (v.length === 20 && v.charCodeAt(19) === 90 && v.charCodeAt(10) === 84 && v.charCodeAt(13) === 58 && v.charCodeAt(16) === 58) {
    const m = twoDigits(v, 14);
    const sec = twoDigits(v, 17);
    if (m < 60 && sec < 60) {
      const h = hourOf(v);
      if (!Number.isNaN(h)) return h + m * 60_000 + sec * 1000;
    }
  }
  // CloudTrail Lake exports use `2024-08-02 08:23:24.000`; treat a missing zone as UTC.
  const s = v.includes('T') ? v : `${v.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`;
  return Date.parse(s);
}

/** Normalises one CloudTrail record; throws naming the missing or bad field. */
export function normaliseCloudTrail(raw: unknown): AuditEvent {
  const rec = unwrapRecord(raw);
  const eventSource = str(rec.eventSource);
  const action = str(rec.eventName);
  if (!eventSource) throw new Error('missing field eventSource');
  if (!action) throw new Error('missing field eventName');
  const time = parseTime(rec.eventTime);
  if (Number.isNaN(time)) throw new Error(`missing or bad field eventTime (${JSON.stringify(rec.eventTime ?? null)})`);
  const ui = isObj(rec.userIdentity) ? rec.userIdentity : undefined;
  const account = str(rec.recipientAccountId) ?? (ui && str(ui.accountId)) ?? '';
  const region = str(rec.awsRegion) ?? 'unknown';
  const service = serviceOf(eventSource);
  const userAgent = str(rec.userAgent);
  const additional = isObj(rec.additionalEventData) ? rec.additionalEventData : undefined;
  const actor = normaliseActor(ui, userAgent, account, additional);
  const src = str(rec.sourceIPAddress);
  let sourceIp: string | undefined;
  if (src) {
    if (isIpAddress(src)) sourceIp = src;
    else if (!actor.invokedBy && src.endsWith('.amazonaws.com')) actor.invokedBy = src;
  }
  const requestParameters = isObj(rec.requestParameters) ? rec.requestParameters : null;
  const responseElements = isObj(rec.responseElements) ? rec.responseElements : null;
  let errorCode = str(rec.errorCode);
  // Console logins carry the outcome in responseElements, not errorCode.
  if (!errorCode && action === 'ConsoleLogin' && responseElements && responseElements.ConsoleLogin === 'Failure') errorCode = 'Failure';
  // One object shape for every event (absent fields are undefined, not missing), built in one
  // literal: every detector reading it stays monomorphic.
  return {
    id: str(rec.eventID) ?? `${time}:${eventSource}:${action}:${actor.identity}`,
    time,
    provider: 'aws',
    account,
    region,
    service,
    action,
    eventSource,
    eventType: str(rec.eventType),
    readOnly: rec.readOnly === true || rec.readOnly === 'true',
    errorCode,
    errorMessage: str(rec.errorMessage),
    actor,
    sourceIp,
    userAgent,
    requestParameters,
    responseElements,
    additionalEventData: additional,
    resources: resourcesTouched(rec, service, region, account),
    raw: rec,
  };
}

/** Fixture expectations match a subset of the actor (toMatchObject), which Partial<AuditEvent> cannot type. */
const someActor = (a: Partial<AuditActor>) => a as AuditActor;

const baseRecord = {
  eventVersion: '1.08',
  eventTime: '2026-11-18T09:12:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateAccessKey',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64.ubuntu.22',
  requestParameters: { userName: 'alice' },
  responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEALICE0001', userName: 'alice', status: 'Active' } },
  eventID: '0b7a6c1e-0001-4c1a-9f00-000000000001',
  readOnly: false,
  eventType: 'AwsApiCall',
  recipientAccountId: '222222222222',
};

export default defineLogSource({
  id: 'aws-cloudtrail',
  title: 'AWS CloudTrail',
  provider: 'aws',
  framing: 'json-records',
  normalise: normaliseCloudTrail,
  fixtures: [
    {
      name: 'IAM user creates an access key for another user (CLI)',
      raw: {
        ...baseRecord,
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEDEPLOYBOT',
          arn: 'arn:aws:iam::222222222222:user/deploy-bot',
          accountId: '222222222222',
          accessKeyId: 'AKIADEMO0LEAKED0KEY1',
          userName: 'deploy-bot',
        },
      },
      expect: {
        id: '0b7a6c1e-0001-4c1a-9f00-000000000001',
        time: Date.parse('2026-11-18T09:12:00Z'),
        account: '222222222222',
        service: 'iam',
        action: 'CreateAccessKey',
        readOnly: false,
        sourceIp: '198.51.100.7',
        actor: {
          type: 'iam-user',
          arn: 'arn:aws:iam::222222222222:user/deploy-bot',
          identity: 'arn:aws:iam::222222222222:user/deploy-bot',
          name: 'deploy-bot',
          accessKeyId: 'AKIADEMO0LEAKED0KEY1',
          client: 'cli',
          account: '222222222222',
          principalId: 'AIDAEXAMPLEDEPLOYBOT',
        },
        resources: [{ type: 'aws.iam.user', id: 'arn:aws:iam::222222222222:user/alice' }],
      },
    },
    {
      name: 'assumed role session keyed by its session issuer, anonymised region accepted',
      raw: {
        ...baseRecord,
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        awsRegion: 'apiso-centralnorth-2r',
        readOnly: true,
        requestParameters: { instancesSet: { items: [{ instanceId: 'i-0a1b2c3d4e5f60001' }] } },
        responseElements: null,
        userAgent: 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux',
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLE:i-0a1b2c3d4e5f60001',
          arn: 'arn:aws:sts::222222222222:assumed-role/mongo-app/i-0a1b2c3d4e5f60001',
          accountId: '222222222222',
          accessKeyId: 'ASIAEXAMPLE000000001',
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: 'AROAEXAMPLE',
              arn: 'arn:aws:iam::222222222222:role/mongo-app',
              accountId: '222222222222',
              userName: 'mongo-app',
            },
            attributes: { creationDate: '2026-11-18T08:00:00Z', mfaAuthenticated: 'false' },
            ec2RoleDelivery: '2.0',
          },
        },
      },
      expect: {
        region: 'apiso-centralnorth-2r',
        readOnly: true,
        actor: {
          type: 'assumed-role',
          identity: 'arn:aws:iam::222222222222:role/mongo-app',
          sessionIssuer: 'arn:aws:iam::222222222222:role/mongo-app',
          sessionName: 'i-0a1b2c3d4e5f60001',
          name: 'i-0a1b2c3d4e5f60001',
          mfa: false,
          client: 'sdk',
        },
        resources: [{ type: 'aws.ec2.instance', id: 'arn:aws:ec2:apiso-centralnorth-2r:222222222222:instance/i-0a1b2c3d4e5f60001' }],
      },
    },
    {
      name: 'root console login without MFA, from an EventBridge envelope',
      raw: {
        version: '0',
        'detail-type': 'AWS Console Sign In via CloudTrail',
        source: 'aws.signin',
        detail: {
          ...baseRecord,
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0',
          requestParameters: null,
          responseElements: { ConsoleLogin: 'Success' },
          additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' },
          userIdentity: { type: 'Root', principalId: '222222222222', arn: 'arn:aws:iam::222222222222:root', accountId: '222222222222' },
        },
      },
      expect: { action: 'ConsoleLogin', actor: { type: 'root', identity: 'arn:aws:iam::222222222222:root', name: 'root', mfa: false, client: 'console' } },
    },
    {
      name: 'AWS service acting, failed call with error code',
      raw: {
        ...baseRecord,
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        sourceIPAddress: 'cloudtrail.amazonaws.com',
        userAgent: 'cloudtrail.amazonaws.com',
        errorCode: 'AccessDenied',
        errorMessage: 'not authorized',
        readOnly: true,
        requestParameters: {},
        userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
      },
      expect: {
        errorCode: 'AccessDenied',
        errorMessage: 'not authorized',
        actor: {
          type: 'aws-service',
          identity: 'cloudtrail.amazonaws.com',
          invokedBy: 'cloudtrail.amazonaws.com',
          client: 'service',
          name: 'cloudtrail.amazonaws.com',
        },
      },
    },
    {
      name: 'CloudTrail Lake export row with the record in eventjson',
      raw: {
        eventjson: JSON.stringify({
          ...baseRecord,
          eventTime: '2026-11-18 10:00:00.000',
          eventSource: 'sts.amazonaws.com',
          eventName: 'GetFederationToken',
          userIdentity: {
            type: 'FederatedUser',
            arn: 'arn:aws:sts::222222222222:federated-user/backdoor',
            accountId: '222222222222',
            principalId: '222222222222:backdoor',
          },
        }),
      },
      expect: {
        time: Date.parse('2026-11-18T10:00:00Z'),
        action: 'GetFederationToken',
        actor: someActor({ type: 'federated-user', sessionName: 'backdoor', client: 'cli' }),
      },
    },
  ],
});
