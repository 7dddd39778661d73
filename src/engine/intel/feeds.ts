import { type Indicator, type IntelCategory, isDomainName, normaliseDomain, toIndicator } from './matcher.js';

export const FEED_FORMATS = ['plain', 'csv', 'stix2', 'ipsum', 'tor', 'domains'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export interface FeedParseOptions {
  format: FeedFormat;
  /** csv: a header name or a 1-based column number. */
  column?: string;
  /** ipsum: keep addresses listed by at least this many blocklists. */
  minLevel?: number;
  category?: IntelCategory;
  /** Confidence for indicators the feed gives none (0–100). */
  confidence?: number;
}

export interface FeedProblem {
  line: number;
  message: string;
}

export interface ParsedFeed {
  indicators: Indicator[];
  problems: FeedProblem[];
  /** Lines (or STIX objects) deliberately not taken: other pattern types, below min level. */
  ignored: number;
}

/** Each line without its comment; `#`, `;` and `!` (Adblock) start comments. */
function* lines(text: string): Generator<[number, string]> {
  let n = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    n++;
    let line = text.slice(start, end);
    start = end + 1;
    const hash = line.search(/[#;!]/);
    if (hash === 0) continue;
    if (hash > 0 && /\s/.test(line[hash - 1] ?? '')) line = line.slice(0, hash);
    line = line.trim();
    if (line) yield [n, line];
    if (end === text.length) break;
  }
}

function ipOnly(text: string, extra: Omit<Indicator, 'value' | 'kind'>): Indicator | undefined {
  const ind = toIndicator(text, extra);
  return ind && ind.kind !== 'domain' ? ind : undefined;
}

function base(o: FeedParseOptions): Omit<Indicator, 'value' | 'kind'> {
  return { ...(o.confidence !== undefined && { confidence: o.confidence }), ...(o.category && { category: o.category }) };
}

/** Plain lists: one address or CIDR per line (IPv4 or IPv6), comments allowed. */
export function parsePlain(text: string, o: FeedParseOptions): ParsedFeed {
  const out: ParsedFeed = { indicators: [], problems: [], ignored: 0 };
  for (const [n, line] of lines(text)) {
    const token = line.split(/[\s,]+/)[0] ?? '';
    const ind = ipOnly(token, base(o));
    if (ind) out.indicators.push(ind);
    else out.problems.push({ line: n, message: `"${token.slice(0, 60)}" is not an IP address or CIDR` });
  }
  return out;
}

/** ipsum: `address<TAB>count`; confidence grows with the number of lists (10 per list, capped at 100). */
export function parseIpsum(text: string, o: FeedParseOptions): ParsedFeed {
  const out: ParsedFeed = { indicators: [], problems: [], ignored: 0 };
  const min = o.minLevel ?? 1;
  for (const [n, line] of lines(text)) {
    const [addr = '', countText] = line.split(/\s+/);
    const count = countText === undefined ? 1 : Number(countText);
    if (!Number.isInteger(count) || count < 0) {
      out.problems.push({ line: n, message: `count "${countText}" is not a whole number` });
      continue;
    }
    if (count < min) {
      out.ignored++;
      continue;
    }
    const ind = ipOnly(addr, { confidence: Math.min(100, count * 10), category: o.category ?? 'malicious' });
    if (ind) out.indicators.push(ind);
    else out.problems.push({ line: n, message: `"${addr.slice(0, 60)}" is not an IP address` });
  }
  return out;
}

/** Tor exit lists: plain addresses, or the Tor Project's bulk format (`ExitAddress ip date time`). */
export function parseTor(text: string, o: FeedParseOptions): ParsedFeed {
  const out: ParsedFeed = { indicators: [], problems: [], ignored: 0 };
  for (const [n, line] of lines(text)) {
    const parts = line.split(/\s+/);
    if (/^(ExitNode|Published|LastStatus)$/.test(parts[0] ?? '')) {
      out.ignored++;
      continue;
    }
    const isExit = parts[0] === 'ExitAddress';
    const addr = isExit ? (parts[1] ?? '') : (parts[0] ?? '');
    const seen = isExit && parts[2] && parts[3] ? `${parts[2]}T${parts[3]}Z` : undefined;
    const ind = ipOnly(addr, { ...base(o), category: 'tor', ...(seen && !Number.isNaN(Date.parse(seen)) && { lastSeen: new Date(seen).toISOString() }) });
    if (ind) out.indicators.push(ind);
    else out.problems.push({ line: n, message: `"${addr.slice(0, 60)}" is not an IP address` });
  }
  return out;
}

/**
 * Domain lists: plain (`pool.example`), hosts files (`0.0.0.0 pool.example`), or Adblock rules
 * (`||pool.example^$third-party`); addresses in such lists are kept as address indicators.
 */
export function parseDomains(text: string, o: FeedParseOptions): ParsedFeed {
  const out: ParsedFeed = { indicators: [], problems: [], ignored: 0 };
  for (const [n, line] of lines(text)) {
    if (line.startsWith('[') || line.startsWith('@@')) {
      out.ignored++;
      continue;
    }
    const parts = line.split(/\s+/);
    let token = parts.length > 1 && /^(0\.0\.0\.0|127\.0\.0\.1|::1?|::)$/.test(parts[0] ?? '') ? (parts[1] ?? '') : (parts[0] ?? '');
    if (token.startsWith('||')) token = token.slice(2).replace(/[\^$/].*$/, '');
    // `host:port` entries name the host; an IPv6 address has more than one colon.
    if (/^[^:]+:\d+$/.test(token)) token = token.slice(0, token.indexOf(':'));
    if (/^(localhost|localhost\.localdomain|local|broadcasthost|0\.0\.0\.0)$/.test(token)) {
      out.ignored++;
      continue;
    }
    const ind = toIndicator(token, base(o));
    if (ind) out.indicators.push(ind);
    else out.problems.push({ line: n, message: `"${token.slice(0, 60)}" is not a domain or address` });
  }
  return out;
}

/** Splits one CSV line (RFC 4180 quotes). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** CSV with the indicator in one column, chosen by header name or 1-based number. */
export function parseCsv(text: string, o: FeedParseOptions): ParsedFeed {
  const out: ParsedFeed = { indicators: [], problems: [], ignored: 0 };
  const col = o.column ?? '1';
  const byNumber = /^\d+$/.test(col);
  let index = byNumber ? Number(col) - 1 : -1;
  let headerSeen = byNumber;
  for (const [n, line] of lines(text)) {
    const fields = csvFields(line);
    if (!headerSeen) {
      headerSeen = true;
      index = fields.findIndex((f) => f.trim().toLowerCase() === col.toLowerCase());
      if (index < 0) {
        out.problems.push({ line: n, message: `no column named "${col}" in the header (${fields.join(', ').slice(0, 120)})` });
        return out;
      }
      continue;
    }
    const value = (fields[index] ?? '').trim();
    if (!value) {
      out.problems.push({ line: n, message: `column ${col} is empty` });
      continue;
    }
    const ind = toIndicator(value, base(o));
    if (ind) out.indicators.push(ind);
    else if (byNumber && n === 1)
      out.ignored++; // an unnamed header line
    else out.problems.push({ line: n, message: `"${value.slice(0, 60)}" is not an address, CIDR or domain` });
  }
  return out;
}

const STIX_COMPARISON = /(ipv4-addr|ipv6-addr|domain-name):value\s*=\s*'((?:[^'\\]|\\.)*)'/g;

/** Category from STIX indicator_types / labels. */
function stixCategory(types: unknown): IntelCategory | undefined {
  const list = Array.isArray(types) ? types.map(String) : [];
  if (list.includes('anonymization')) return 'tor';
  if (list.includes('malicious-activity') || list.includes('compromised') || list.includes('attribution')) return 'malicious';
  return undefined;
}

/**
 * STIX 2.1 bundles: indicators whose pattern compares ipv4-addr, ipv6-addr or domain-name values,
 * alone or OR'd (an AND, or a comparison on another object type, would make a value match too
 * broad, so such indicators are skipped and counted). valid_from/valid_until travel with each value;
 * revoked indicators are ignored.
 */
export function parseStix(text: string, o: FeedParseOptions): ParsedFeed {
  const out: ParsedFeed = { indicators: [], problems: [], ignored: 0 };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    out.problems.push({ line: 1, message: `not JSON: ${(e as Error).message}` });
    return out;
  }
  const objects: unknown[] = Array.isArray(doc)
    ? doc
    : Array.isArray((doc as { objects?: unknown[] })?.objects)
      ? ((doc as { objects: unknown[] }).objects ?? [])
      : [doc];
  objects.forEach((raw, i) => {
    const obj = raw as Record<string, unknown>;
    if (obj?.type !== 'indicator') return;
    const where = i + 1;
    if (obj.revoked === true || (obj.pattern_type !== undefined && obj.pattern_type !== 'stix')) {
      out.ignored++;
      return;
    }
    const pattern = typeof obj.pattern === 'string' ? obj.pattern : '';
    if (!pattern) {
      out.problems.push({ line: where, message: `indicator ${String(obj.id)} has no pattern` });
      return;
    }
    const comparisons = [...pattern.matchAll(STIX_COMPARISON)];
    const allComparisons = pattern.match(/[a-z0-9-]+:[a-z0-9_.'[\]*-]+\s*(=|!=|<|>|LIKE|MATCHES|IN|ISSUBSET|ISSUPERSET)/gi) ?? [];
    if (!comparisons.length || /\bAND\b|\bFOLLOWEDBY\b/.test(pattern) || allComparisons.length !== comparisons.length) {
      out.ignored++;
      return;
    }
    const validFrom = typeof obj.valid_from === 'string' ? new Date(obj.valid_from).toISOString() : undefined;
    const validUntil = typeof obj.valid_until === 'string' ? new Date(obj.valid_until).toISOString() : undefined;
    const conf = typeof obj.confidence === 'number' ? obj.confidence : o.confidence;
    const category = stixCategory(obj.indicator_types ?? obj.labels) ?? o.category;
    const firstSeen = validFrom ?? (typeof obj.created === 'string' ? new Date(obj.created).toISOString() : undefined);
    const lastSeen = typeof obj.modified === 'string' ? new Date(obj.modified).toISOString() : undefined;
    for (const m of comparisons) {
      const value = (m[2] ?? '').replace(/\\(.)/g, '$1');
      const ind = toIndicator(value, {
        ...(conf !== undefined && { confidence: conf }),
        ...(category && { category }),
        ...(firstSeen && { firstSeen }),
        ...(lastSeen && { lastSeen }),
        ...(validFrom && { validFrom }),
        ...(validUntil && { validUntil }),
      });
      const typeOk = ind && (m[1] === 'domain-name' ? ind.kind === 'domain' : ind.kind !== 'domain');
      if (ind && typeOk) out.indicators.push(ind);
      else out.problems.push({ line: where, message: `indicator ${String(obj.id)}: "${value.slice(0, 60)}" is not a valid ${m[1]}` });
    }
  });
  return out;
}

export function parseFeed(text: string, o: FeedParseOptions): ParsedFeed {
  switch (o.format) {
    case 'plain':
      return parsePlain(text, o);
    case 'csv':
      return parseCsv(text, o);
    case 'stix2':
      return parseStix(text, o);
    case 'ipsum':
      return parseIpsum(text, o);
    case 'tor':
      return parseTor(text, o);
    case 'domains':
      return parseDomains(text, o);
  }
}

export { isDomainName, normaliseDomain };
