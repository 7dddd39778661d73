import { lookup } from 'node:dns/promises';
import { ConfigError } from '../../core/errors.js';
import { isPrivateAddress, parseV4, parseV6 } from './ip.js';

export type Resolver = (host: string) => Promise<string[]>;
export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

const BLOCKED_NAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|.*\.internal|instance-data|instance-data\.ec2\.internal)$/i;

/**
 * An outbound feed URL must be http(s) and must not reach private, loopback, link-local or cloud
 * metadata addresses (checked on the literal host and on every address the name resolves to), unless
 * the operator allowed private targets for this feed.
 */
export async function validateFeedUrl(text: string, opts: { allowPrivate?: boolean; resolve?: Resolver } = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`"${text}" is not a URL`, { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`feed URL must be http or https (got ${url.protocol})`, { field: 'url' });
  if (url.username || url.password) throw new ConfigError('feed URL must not carry credentials', { field: 'url' });
  if (opts.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = parseV4(host) >= 0 || parseV6(host) !== undefined;
  if (!literal && BLOCKED_NAMES.test(host)) throw new ConfigError(`feed URL host "${host}" is internal (use --allow-private to permit it)`, { field: 'url' });
  const addresses = literal ? [host] : await (opts.resolve ?? systemResolver)(host).catch(() => [] as string[]);
  const bad = addresses.find((a) => isPrivateAddress(a));
  if (bad)
    throw new ConfigError(`feed URL host "${host}" is a private, loopback, link-local or metadata address (${bad}); use --allow-private to permit it`, {
      field: 'url',
    });
  return url;
}

/** Fetches a feed with a timeout and a size cap, following at most 3 redirects, each validated. */
export async function fetchFeed(
  text: string,
  opts: { allowPrivate?: boolean; resolve?: Resolver; timeoutMs?: number; maxBytes?: number; fetchImpl?: typeof fetch } = {},
): Promise<string> {
  const f = opts.fetchImpl ?? fetch;
  let current = text;
  for (let hop = 0; hop < 4; hop++) {
    const url = await validateFeedUrl(current, opts);
    const res = await f(url, { redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      current = new URL(res.headers.get('location') as string, url).toString();
      continue;
    }
    if (!res.ok) throw new Error(`GET ${url.origin}${url.pathname} answered ${res.status}`);
    const max = opts.maxBytes ?? 256 * 1024 * 1024;
    const buf = Buffer.from(await res.arrayBuffer());
    if (buf.length > max) throw new Error(`feed is ${buf.length} bytes, more than the ${max} allowed`);
    return buf.toString('utf8');
  }
  throw new Error('too many redirects');
}
