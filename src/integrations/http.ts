import { IntegrationError } from '../core/errors.js';

/**
 * The one way integrations talk HTTP: JSON in, JSON out, and failures classified for the delivery
 * engine — 429 and 5xx are retryable (429 with the server's Retry-After), other 4xx are not (a bad
 * request does not get better by repeating it), network errors are retryable.
 */
export interface HttpResult {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

/** Retry-After is seconds or an HTTP date; either becomes milliseconds from now. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export async function request(
  fetchFn: typeof fetch,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string; signal?: AbortSignal },
  what: string,
): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) };
  let body: string | undefined = init.raw;
  if (init.body !== undefined && body === undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body !== undefined && { body }),
      ...(init.signal && { signal: init.signal }),
    });
  } catch (e) {
    if (e instanceof IntegrationError) throw e;
    throw new IntegrationError(`${what}: ${e instanceof Error ? e.message : String(e)}`, { retryable: true, cause: e });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status >= 200 && res.status < 300) return { status: res.status, text, json, headers: res.headers };
  const snippet = text.slice(0, 300);
  if (res.status === 429) {
    const after = retryAfterMs(res.headers.get('retry-after'));
    throw new IntegrationError(`${what}: rate limited (429)${snippet ? `: ${snippet}` : ''}`, {
      retryable: true,
      ...(after !== undefined && { retryAfterMs: after }),
    });
  }
  throw new IntegrationError(`${what}: HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, { retryable: res.status >= 500 || res.status === 408 });
}

/** An AWS SDK error as an IntegrationError: throttling and 5xx retry, the rest do not. */
export function awsError(what: string, e: unknown): IntegrationError {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = err.$metadata?.httpStatusCode ?? 0;
  const throttled = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(err.name ?? '');
  return new IntegrationError(`${what}: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`, {
    retryable: throttled || status >= 500 || Boolean(err.$retryable),
    cause: e,
  });
}

/** A short plain-text rendering shared by chat, email and ticket bodies. */
export function plainText(a: {
  title: string;
  severity: string;
  riskScore: number;
  factors: string[];
  owner?: { name: string; why?: string };
  resources: { name: string; type: string; account: string }[];
  url?: string;
  status: string;
}): string {
  return [
    `[${a.severity.toUpperCase()} ${a.riskScore}] ${a.title} (${a.status})`,
    ...a.factors.map((f) => `• ${f}`),
    ...(a.owner ? [`Owner: ${a.owner.name}${a.owner.why ? ` — ${a.owner.why}` : ''}`] : []),
    ...(a.resources.length ? [`Resources: ${a.resources.map((r) => `${r.name} (${r.type}, ${r.account})`).join('; ')}`] : []),
    ...(a.url ? [a.url] : []),
  ].join('\n');
}
