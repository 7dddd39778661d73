import type { GapKind } from '../../core/status.js';

/**
 * AWS errors to coverage-gap kinds. Collectors and the discovery engine share this one mapping, so
 * the same failure is reported the same way whether a `list` or a hydrator hit it.
 *
 * The SDK v3 puts the service's error code in `name` (and sometimes `Code`/`code`), the HTTP status
 * in `$metadata.httpStatusCode`, and marks deserialisation failures with `$response` or a
 * "Deserialization error" message.
 */
export interface AwsErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: unknown;
  $retryable?: { throttling?: boolean };
}

/** The AWS error code of an SDK error (`AccessDenied`, `ThrottlingException`, …), or ''. */
export function awsErrorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const e = err as AwsErrorLike;
  // A bare `Error` has name "Error"; prefer a real service code when one is present.
  const code = e.Code ?? e.code ?? (e.name && e.name !== 'Error' ? e.name : '');
  return typeof code === 'string' ? code : '';
}

function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  return (err as AwsErrorLike).$metadata?.httpStatusCode;
}

function message(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as AwsErrorLike).message === 'string') return (err as AwsErrorLike).message as string;
  return String(err);
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Forbidden',
  'ForbiddenException',
  'AWSOrganizationsNotInUseException',
]);

/** These mean "this account cannot use this region" when they come from a regional endpoint. */
const REGION_DISABLED = new Set(['OptInRequired', 'UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'SubscriptionRequiredException']);

const UNSUPPORTED = new Set([
  'UnknownOperation',
  'UnknownOperationException',
  'UnsupportedOperation',
  'UnsupportedOperationException',
  'InvalidAction',
  'NotImplemented',
  'NotImplementedException',
  'UnknownEndpoint',
  'UnsupportedCommand',
]);

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired', 'CredentialsProviderError']);

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);

/**
 * Classifies any error a collector call can throw. Never throws itself; an unknown thing is `error`.
 * Order matters: throttling and expiry are checked before access-denied because some services send
 * 400s with a message that mentions "denied" for throttling.
 */
export function classifyAwsError(err: unknown): GapKind {
  const code = awsErrorCode(err);
  const msg = message(err);
  const status = httpStatus(err);
  if (THROTTLED.has(code) || code.startsWith('Throttling') || (err as AwsErrorLike | null)?.$retryable?.throttling === true || status === 429)
    return 'throttled';
  if (EXPIRED.has(code) || code.startsWith('ExpiredToken') || /security token included in the request is expired/i.test(msg)) return 'expired-credentials';
  if (ACCESS_DENIED.has(code) || code.endsWith('AccessDenied') || code.endsWith('AccessDeniedException')) return 'access-denied';
  if (REGION_DISABLED.has(code)) return 'region-disabled';
  if (UNSUPPORTED.has(code)) return 'unsupported';
  if (
    /deserializ/i.test(code) ||
    /deserializ/i.test(msg) ||
    /Unexpected token|is not valid JSON|Unexpected end of JSON|non-whitespace character/i.test(msg) ||
    code === 'SyntaxError'
  )
    return 'malformed-response';
  if (status === 404 && !isNotFound(err)) return 'unsupported';
  if (status === 501) return 'unsupported';
  if (status === 403) return 'access-denied';
  return 'error';
}

/**
 * A hydrator's "there is none" answer (`NoSuchBucketPolicy`, `ResourceNotFoundException`,
 * `ServerSideEncryptionConfigurationNotFoundError`, …): stored as `null`, not as an error.
 */
export function isNotFound(err: unknown): boolean {
  const code = awsErrorCode(err);
  if (!code) return false;
  return code.startsWith('NoSuch') || /NotFound/.test(code) || code.endsWith('.NotFound') || code === 'NotFound';
}

/** A short, stable message for a gap record: `AccessDenied: User … is not authorized …`. */
export function describeAwsError(err: unknown): string {
  const code = awsErrorCode(err);
  const msg = message(err).replace(/\s+/g, ' ').slice(0, 300);
  return code && !msg.startsWith(code) ? `${code}: ${msg}` : msg;
}
