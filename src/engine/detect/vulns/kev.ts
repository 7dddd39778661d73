import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError, ParseError } from '../../../core/errors.js';
import type { Store } from '../../../store/index.js';
import type { KevEntry } from '../../../store/repos/vulns.repo.js';
import { asArray, asObj, str } from './normalise.js';

/** The snapshot shipped with the project (CC0; see data/kev/ORIGIN.md). */
export const KEV_SNAPSHOT = resolve(import.meta.dirname, '../../../../data/kev/known_exploited_vulnerabilities.json');

export interface KevCatalogue {
  version: string;
  entries: KevEntry[];
}

/** Parses CISA's KEV JSON (the full catalogue or the compacted snapshot: same shape). */
export function parseKev(text: string, source: string): KevCatalogue {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError(source, undefined, `not JSON: ${(e as Error).message}`);
  }
  const d = asObj(doc);
  if (!Array.isArray(d.vulnerabilities) || !str(d.catalogVersion))
    throw new ParseError(source, undefined, 'not a KEV catalogue (needs catalogVersion and vulnerabilities)');
  const entries: KevEntry[] = [];
  for (const v of asArray(d.vulnerabilities).map(asObj)) {
    const cve = str(v.cveID);
    if (!cve) continue;
    entries.push({
      cveId: cve.toUpperCase(),
      vendor: str(v.vendorProject) ?? '',
      product: str(v.product) ?? '',
      name: str(v.vulnerabilityName) ?? '',
      dateAdded: str(v.dateAdded) ?? '',
      dueDate: str(v.dueDate) ?? null,
      ransomware: str(v.knownRansomwareCampaignUse) ?? null,
    });
  }
  return { version: d.catalogVersion as string, entries };
}

/** Loads the shipped snapshot when the store has no KEV yet (first run, fresh demo home). */
export async function ensureKev(store: Store, file = KEV_SNAPSHOT): Promise<{ n: number; version: string | null }> {
  const have = await store.vulns.kevCount();
  if (have.n > 0) return have;
  const cat = parseKev(readFileSync(file, 'utf8'), file);
  await store.vulns.replaceKev(cat.entries, cat.version);
  return { n: cat.entries.length, version: cat.version };
}

/** True for addresses a server-side fetch must not reach unless allowed: private, loopback, link-local, metadata. */
export function isRestrictedAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const v = ip.toLowerCase();
  if (v.startsWith('::ffff:')) return isRestrictedAddress(v.slice(7));
  return (
    v === '::1' ||
    v === '::' ||
    v.startsWith('fe8') ||
    v.startsWith('fe9') ||
    v.startsWith('fea') ||
    v.startsWith('feb') ||
    v.startsWith('fc') ||
    v.startsWith('fd')
  );
}

/** Validates an outbound URL: http(s) only, and no private/loopback/metadata target unless allowed. */
export async function validateOutboundUrl(raw: string, opts: { allowPrivate?: boolean; resolveHost?: (h: string) => Promise<string[]> } = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--url is not a valid URL: ${raw}`, { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`--url must be http(s), got ${url.protocol}`, { field: 'url' });
  if (opts.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addrs = isIP(host) ? [host] : await (opts.resolveHost ?? (async (h) => (await lookup(h, { all: true })).map((a) => a.address)))(host);
  const bad = addrs.find(isRestrictedAddress);
  if (bad)
    throw new ConfigError(`--url ${url.host} resolves to ${bad}, a private, loopback, link-local or metadata address (use --allow-private to permit)`, {
      field: 'url',
    });
  return url;
}

export async function updateKev(
  store: Store,
  from: { file?: string; url?: string; allowPrivate?: boolean },
  fetchText: (u: URL) => Promise<string> = async (u) => {
    const res = await fetch(u, { redirect: 'error' });
    if (!res.ok) throw new ConfigError(`KEV download failed: HTTP ${res.status} from ${u.href}`, { field: 'url' });
    return res.text();
  },
): Promise<{ n: number; version: string; source: string }> {
  let text: string;
  let source: string;
  if (from.file) {
    source = from.file;
    text = readFileSync(from.file, 'utf8');
  } else if (from.url) {
    const url = await validateOutboundUrl(from.url, { ...(from.allowPrivate !== undefined && { allowPrivate: from.allowPrivate }) });
    source = url.href;
    text = await fetchText(url);
  } else throw new ConfigError('give --file PATH or --url URL', { field: 'file' });
  const cat = parseKev(text, source);
  if (cat.entries.length === 0) throw new ParseError(source, undefined, 'KEV catalogue has no entries: refusing to replace the current one');
  await store.vulns.replaceKev(cat.entries, cat.version);
  return { n: cat.entries.length, version: cat.version, source };
}
