import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { IntegrationError } from '../../core/errors.js';
import { isNonPublicIp } from '../../core/net.js';

/**
 * Outbound URL policy: integrations reach only public HTTPS endpoints. Private, loopback,
 * link-local and metadata addresses (169.254.169.254, fd00:ec2::254) are refused unless the
 * integration is configured with `allowPrivate` (tests on 127.0.0.1 set it explicitly). The host is
 * resolved and every address checked, so a public name that resolves inside is refused too; and
 * redirects are not followed (a redirect to the metadata service is the classic bypass).
 */
export interface OutboundPolicy {
  allowPrivate?: boolean;
  timeoutMs?: number;
  resolve?: (host: string) => Promise<string[]>;
}

const defaultResolve = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);

export async function validateUrl(raw: string, policy: OutboundPolicy = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IntegrationError(`not a valid URL: ${raw}`, { retryable: false });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate))
    throw new IntegrationError(`${url.origin}: only https URLs are allowed`, { retryable: false });
  if (url.username || url.password)
    throw new IntegrationError(`${url.origin}: credentials in URLs are not allowed; use the integration's credentials`, { retryable: false });
  await validateHost(url.hostname.replace(/^\[|\]$/g, ''), policy);
  return url;
}

export async function validateHost(host: string, policy: OutboundPolicy = {}): Promise<void> {
  if (policy.allowPrivate) return;
  if (/^(localhost|metadata(\.google\.internal)?|instance-data)$/i.test(host) || host.endsWith('.localhost') || host.endsWith('.internal'))
    throw new IntegrationError(`${host}: internal host names are not allowed`, { retryable: false });
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? defaultResolve)(host);
  } catch (e) {
    throw new IntegrationError(`${host}: cannot resolve (${e instanceof Error ? e.message : String(e)})`, { retryable: true, cause: e });
  }
  const bad = addresses.find(isNonPublicIp);
  if (bad)
    throw new IntegrationError(`${host} resolves to ${bad}, a private, loopback, link-local or metadata address (set allowPrivate to permit)`, {
      retryable: false,
    });
}

/** A fetch that applies the policy to every call and times out. */
export function guardedFetch(policy: OutboundPolicy = {}, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    await validateUrl(url, policy);
    const signal = AbortSignal.timeout(policy.timeoutMs ?? 15_000);
    return base(url, { ...init, redirect: 'manual', signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  };
}
