import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Severity } from '../../../core/severity.js';
import { type CondNode, ConditionError, expandPattern, parseCondition } from './condition.js';
import { type FieldGetter, compileField, compileVisitor } from './fields.js';

/**
 * Sigma detection → one predicate over a raw record. Everything is decided here, once per rule:
 * the hot path only calls closures (no YAML, no modifier strings, no regex building per event).
 */
export type Predicate = (rec: unknown) => boolean;

export class UnsupportedError extends Error {}

const SUPPORTED_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'windash',
  'fieldref',
  'cased',
]);

type Matcher = (v: unknown) => boolean;

function asText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function escapeRe(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

/** Sigma string value with `*`/`?` wildcards and `\` escapes → regex source. */
function wildcardSource(value: string): { source: string; plain: boolean; text: string } {
  let src = '';
  let plain = true;
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && i + 1 < value.length && /[*?\\]/.test(value[i + 1] as string)) {
      src += escapeRe(value[i + 1] as string);
      text += value[i + 1];
      i++;
    } else if (c === '*') {
      src += '.*';
      plain = false;
    } else if (c === '?') {
      src += '.';
      plain = false;
    } else {
      src += escapeRe(c);
      text += c;
    }
  }
  return { source: src, plain, text };
}

function base64Variants(s: string, enc: BufferEncoding, offset: boolean): string[] {
  const bytes = Buffer.from(s, enc);
  if (!offset) return [bytes.toString('base64')];
  // base64offset: the value may start at any of three byte offsets inside the encoded data; drop
  // the characters that depend on the unknown neighbours.
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const padded = Buffer.concat([Buffer.alloc(i), bytes]);
    const enc64 = padded.toString('base64');
    const start = [0, 2, 3][i] as number;
    const endTrim = [0, 3, 2][(bytes.length + i) % 3] as number;
    out.push(enc64.slice(start, enc64.length - endTrim).replace(/=+$/, ''));
  }
  return out;
}

function windashVariants(s: string): string[] {
  const set = new Set([s]);
  for (const d of ['-', '/', '\u2013', '\u2014', '\u2015']) set.add(s.replace(/(^|\s)[-/\u2013\u2014\u2015]/g, `$1${d}`));
  return [...set];
}

const isLineTerminator = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

/**
 * A regex that is a plain literal, optionally behind `(?<=.)` and before `(?=.)` (how `.+` ends
 * are rewritten), as a string search: `.+:assumed-role/aws:.+` runs on every event, and indexOf
 * is several times cheaper than the regex engine there. Undefined when the source has any other
 * syntax. Case-sensitive only (the `i` flag folds case differently from toLowerCase).
 */
function literalSearch(src: string, dotAll: boolean): ((s: string) => boolean) | undefined {
  let body = src;
  const before = body.startsWith('(?<=.)');
  if (before) body = body.slice(6);
  const after = body.endsWith('(?=.)') && !body.endsWith('\\(?=.)');
  if (after) body = body.slice(0, -5);
  let lit = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const n = body[i + 1];
      // An escaped punctuation character is itself; `\d`, `\b`, `\1`… are syntax.
      if (n === undefined || /[0-9A-Za-z]/.test(n)) return undefined;
      lit += n;
      i++;
    } else if ('^$.|?*+()[]{}'.includes(c)) return undefined;
    else lit += c;
  }
  if (!lit) return undefined;
  // `.` (without the s flag) matches any character but a line terminator.
  const ok = (s: string, at: number) => at >= 0 && at < s.length && (dotAll || !isLineTerminator(s.charCodeAt(at)));
  return (s) => {
    for (let i = s.indexOf(lit, before ? 1 : 0); i !== -1; i = s.indexOf(lit, i + 1)) {
      if (before && !ok(s, i - 1)) continue;
      if (after && !ok(s, i + lit.length)) continue;
      return true;
    }
    return false;
  };
}

/** One value with its modifiers → a matcher over one field value. */
function valueMatcher(value: unknown, mods: readonly string[]): Matcher {
  const has = (m: string) => mods.includes(m);
  // Sigma `null` = the field is empty: absent, JSON null, or an empty string (some exports write "").
  if (value === null) return (v) => v === null || v === undefined || v === '';
  if (has('gt') || has('gte') || has('lt') || has('lte')) {
    const n = Number(value);
    if (Number.isNaN(n)) throw new UnsupportedError(`numeric modifier with non-numeric value ${JSON.stringify(value)}`);
    const cmp = has('gt') ? (x: number) => x > n : has('gte') ? (x: number) => x >= n : has('lt') ? (x: number) => x < n : (x: number) => x <= n;
    return (v) => {
      const x = typeof v === 'number' ? v : Number(asText(v));
      return !Number.isNaN(x) && cmp(x);
    };
  }
  if (has('cidr')) {
    const list = new BlockList();
    const [net, bits] = String(value).split('/');
    if (!net || (!isIPv4(net) && !isIPv6(net))) throw new UnsupportedError(`bad cidr value ${JSON.stringify(value)}`);
    list.addSubnet(net, Number(bits ?? (isIPv4(net) ? 32 : 128)), isIPv4(net) ? 'ipv4' : 'ipv6');
    return (v) => {
      const s = asText(v);
      if (!s) return false;
      if (isIPv4(s)) return list.check(s, 'ipv4');
      if (isIPv6(s)) return list.check(s, 'ipv6');
      return false;
    };
  }
  if (typeof value === 'object') throw new UnsupportedError(`value ${JSON.stringify(value)} is not a scalar`);
  const flags = has('cased') ? '' : 'i';
  if (has('re')) {
    let f = has('cased') ? '' : '';
    if (has('i')) f += 'i';
    if (has('m')) f += 'm';
    if (has('s')) f += 's';
    let re: RegExp;
    let src = String(value);
    // Sigma regexes are searches, not full matches, so a leading or trailing `.*` is redundant and
    // `.+` only asks for one character: rewritten as lookarounds, V8 can scan for the literal part
    // instead of backtracking from every position (the IMDS rule's `.+:assumed-role/aws:.+`).
    if (src.startsWith('.*')) src = src.slice(2);
    else if (src.startsWith('.+')) src = `(?<=.)${src.slice(2)}`;
    if (src.endsWith('.*') && !src.endsWith('\\.*')) src = src.slice(0, -2);
    else if (src.endsWith('.+') && !src.endsWith('\\.+')) src = `${src.slice(0, -2)}(?=.)`;
    try {
      // Sigma regexes are PCRE-flavoured; named-group and inline-flag syntax that JS lacks fails here and is reported.
      re = new RegExp(src, f);
    } catch (e) {
      throw new UnsupportedError(`regular expression ${JSON.stringify(value)}: ${(e as Error).message}`);
    }
    const literal = f.includes('i') ? undefined : literalSearch(src, f.includes('s'));
    if (literal)
      return (v) => {
        const s = asText(v);
        return s !== undefined && literal(s);
      };
    return (v) => {
      const s = asText(v);
      return s !== undefined && re.test(s);
    };
  }
  let texts = [String(value)];
  if (has('windash')) texts = texts.flatMap(windashVariants);
  const b64 = has('base64') || has('base64offset');
  if (b64) {
    const enc: BufferEncoding = has('utf16le') || has('wide') || has('utf16') ? 'utf16le' : 'utf8';
    if (has('utf16be')) throw new UnsupportedError('utf16be is not supported');
    texts = texts.flatMap((t) => base64Variants(t, enc, has('base64offset')));
    // Encoded text is matched literally: wildcards do not apply inside base64.
    texts = texts.map((t) => t.replace(/[*?\\]/g, '\\$&'));
  }
  const contains = has('contains') || has('base64offset');
  const starts = has('startswith');
  const ends = has('endswith');
  const parts = texts.map((t) => {
    const w = wildcardSource(t);
    return { ...w, lower: flags ? w.text.toLowerCase() : w.text };
  });
  const matchers: Matcher[] = parts.map((p) => {
    if (p.plain) {
      // Fast paths for the common case: no wildcard inside the value.
      const needle = p.lower;
      const norm = flags ? (s: string) => s.toLowerCase() : (s: string) => s;
      if (contains)
        return (v) => {
          const s = asText(v);
          return s !== undefined && norm(s).includes(needle);
        };
      if (starts)
        return (v) => {
          const s = asText(v);
          return s !== undefined && norm(s).startsWith(needle);
        };
      if (ends)
        return (v) => {
          const s = asText(v);
          return s !== undefined && norm(s).endsWith(needle);
        };
      // The value as the rule spells it first (rules mostly spell values as the logs do), so a
      // match costs no lower-casing.
      const exact = p.text;
      return (v) => {
        const s = asText(v);
        return s !== undefined && (s === exact || (s.length === needle.length && norm(s) === needle));
      };
    }
    const src = `${contains || ends ? '' : '^'}${p.source}${contains || starts ? '' : '$'}`;
    const re = new RegExp(src, `${flags}s`);
    return (v) => {
      const s = asText(v);
      return s !== undefined && re.test(s);
    };
  });
  return matchers.length === 1 ? (matchers[0] as Matcher) : (v) => matchers.some((m) => m(v));
}

/** `field|mod|mod: value(s)` → predicate over the record. */
function fieldPredicate(key: string, value: unknown): Predicate {
  const [field, ...mods] = key.split('|');
  for (const m of mods) if (!SUPPORTED_MODIFIERS.has(m)) throw new UnsupportedError(`field modifier "${m}" (in "${key}")`);
  if (!field) {
    // `|re: …` with no field name = keyword search over the whole record.
    return keywordPredicate(Array.isArray(value) ? value : [value], mods);
  }
  const get = compileField(field);
  if (mods.includes('exists')) {
    const want = value === true || String(value).toLowerCase() === 'true';
    return (rec) => {
      const vs = get(rec);
      const present = vs.length > 0 && vs.some((v) => v !== undefined);
      return present === want;
    };
  }
  if (mods.includes('fieldref')) {
    const refs = (Array.isArray(value) ? value : [value]).map((r) => compileField(String(r)));
    const eq = (a: unknown, b: unknown) => {
      const x = asText(a);
      const y = asText(b);
      return x !== undefined && y !== undefined && (mods.includes('cased') ? x === y : x.toLowerCase() === y.toLowerCase());
    };
    const all = mods.includes('all');
    return (rec) => {
      const vs = get(rec);
      const test = (g: FieldGetter) => {
        const rs = g(rec);
        return vs.some((v) => rs.some((r) => eq(v, r)));
      };
      return all ? refs.every(test) : refs.some(test);
    };
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return () => false;
  const matchers = values.map((v) => valueMatcher(v, mods));
  const all = mods.includes('all');
  const visit = compileVisitor(field);
  // An absent field is tested as `undefined` (so `null` values match it), as one value would be.
  const one = (rec: unknown, m: Matcher) => {
    const r = visit(rec, m);
    return r === 2 || (r === 0 && m(undefined));
  };
  if (matchers.length === 1) {
    const m = matchers[0] as Matcher;
    return (rec) => one(rec, m);
  }
  return all ? (rec) => matchers.every((m) => one(rec, m)) : (rec) => matchers.some((m) => one(rec, m));
}

/** Keyword search (a list of plain values under a search identifier): any value anywhere in the record. */
function keywordPredicate(values: unknown[], mods: readonly string[]): Predicate {
  const matchers = values.map((v) => valueMatcher(v, mods.length ? mods : ['contains']));
  return (rec) => {
    const text = JSON.stringify(rec);
    return matchers.some((m) => m(text));
  };
}

function mapPredicate(map: Record<string, unknown>): Predicate {
  const preds = Object.entries(map).map(([k, v]) => fieldPredicate(k, v));
  if (preds.length === 1) return preds[0] as Predicate;
  return (rec) => {
    for (const p of preds) if (!p(rec)) return false;
    return true;
  };
}

/** A search identifier's value: a map (AND), a list of maps (OR), or a list of keywords. */
export function searchPredicate(def: unknown): Predicate {
  if (Array.isArray(def)) {
    if (def.length === 0) return () => false;
    if (def.every((d) => d !== null && typeof d === 'object' && !Array.isArray(d))) {
      const preds = def.map((d) => mapPredicate(d as Record<string, unknown>));
      return (rec) => preds.some((p) => p(rec));
    }
    if (def.every((d) => d === null || typeof d !== 'object')) return keywordPredicate(def, ['contains']);
    throw new UnsupportedError('search mixes maps and keywords');
  }
  if (def !== null && typeof def === 'object') return mapPredicate(def as Record<string, unknown>);
  if (typeof def === 'string' || typeof def === 'number') return keywordPredicate([def], ['contains']);
  throw new UnsupportedError(`search identifier value ${JSON.stringify(def)}`);
}

/**
 * Fields a rule can be indexed on, most selective first: a rule that requires one of them to equal
 * one of a few plain values is tried only on events carrying such a value. Most AWS rules pin
 * `eventName`; the rest pin `eventSource` or the identity type; a few pin nothing and run on every event.
 */
export const INDEX_FIELDS = ['eventName', 'eventSource', 'userIdentity.type', 'userAgent'] as const;

/** The plain values (lower-cased) a search requires `field` to equal, or undefined when it does not pin them. */
function searchPins(def: unknown, field: string): Set<string> | undefined {
  const maps = Array.isArray(def) ? def : [def];
  const out = new Set<string>();
  for (const m of maps) {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return undefined;
    const v = (m as Record<string, unknown>)[field];
    if (v === undefined) return undefined;
    const vals = Array.isArray(v) ? v : [v];
    if (vals.length === 0) return undefined;
    for (const x of vals) {
      if (typeof x !== 'string' || /[*?\\]/.test(x)) return undefined;
      out.add(x.toLowerCase());
    }
  }
  return out;
}

export interface CompiledDetection {
  predicate: Predicate;
  /** The field and lower-cased values the rule can only match, for indexing; undefined = any event. */
  index: { field: (typeof INDEX_FIELDS)[number]; values: Set<string> } | undefined;
}

export function compileDetection(detection: Record<string, unknown>): CompiledDetection {
  const cond = detection.condition;
  const conditions = Array.isArray(cond) ? cond : [cond];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string')) throw new UnsupportedError('detection.condition must be a string');
  const names = Object.keys(detection).filter((k) => k !== 'condition' && k !== 'timeframe');
  if (detection.timeframe !== undefined) throw new UnsupportedError('detection.timeframe (deprecated aggregation); use a correlation rule');
  const searches = new Map<string, Predicate>();
  for (const n of names) searches.set(n, searchPredicate(detection[n]));
  const build = (node: CondNode): Predicate => {
    switch (node.kind) {
      case 'ref': {
        const p = searches.get(node.name);
        if (!p) throw new UnsupportedError(`condition names unknown search identifier "${node.name}"`);
        return p;
      }
      case 'of': {
        const matched = expandPattern(node.pattern, names);
        if (matched.length === 0) throw new UnsupportedError(`"${node.quantifier === 'all' ? 'all' : '1'} of ${node.pattern}" matches no search identifier`);
        const ps = matched.map((m) => searches.get(m) as Predicate);
        return node.quantifier === 'all' ? (r) => ps.every((p) => p(r)) : (r) => ps.some((p) => p(r));
      }
      case 'not': {
        const p = build(node.node);
        return (r) => !p(r);
      }
      case 'and': {
        const ps = node.nodes.map(build);
        return (r) => {
          for (const p of ps) if (!p(r)) return false;
          return true;
        };
      }
      case 'or': {
        const ps = node.nodes.map(build);
        return (r) => {
          for (const p of ps) if (p(r)) return true;
          return false;
        };
      }
    }
  };
  const pins = (node: CondNode, field: string): Set<string> | undefined => {
    switch (node.kind) {
      case 'ref':
        return searchPins(detection[node.name], field);
      case 'of': {
        const matched = expandPattern(node.pattern, names);
        if (node.quantifier === 'all') {
          for (const m of matched) {
            const s = searchPins(detection[m], field);
            if (s) return s;
          }
          return undefined;
        }
        const u = new Set<string>();
        for (const m of matched) {
          const s = searchPins(detection[m], field);
          if (!s) return undefined;
          for (const x of s) u.add(x);
        }
        return u;
      }
      case 'not':
        return undefined;
      case 'and':
        for (const n of node.nodes) {
          const s = pins(n, field);
          if (s) return s;
        }
        return undefined;
      case 'or': {
        const u = new Set<string>();
        for (const n of node.nodes) {
          const s = pins(n, field);
          if (!s) return undefined;
          for (const x of s) u.add(x);
        }
        return u;
      }
    }
  };
  try {
    const asts = conditions.map((c) => parseCondition(c as string));
    const preds = asts.map(build);
    const predicate = preds.length === 1 ? (preds[0] as Predicate) : (r: unknown) => preds.some((p) => p(r));
    let index: CompiledDetection['index'];
    if (asts.length === 1)
      for (const field of INDEX_FIELDS) {
        const values = pins(asts[0] as CondNode, field);
        if (values) {
          index = { field, values };
          break;
        }
      }
    return { predicate, index };
  } catch (e) {
    if (e instanceof ConditionError) throw new UnsupportedError(`condition: ${e.message}`);
    throw e;
  }
}

export function levelToSeverity(level: unknown): Severity {
  switch (String(level ?? '').toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
      return 'high';
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    default:
      return 'info';
  }
}

/** `attack.t1078.004` → `T1078.004`; tactic tags (`attack.persistence`) are not technique ids. */
export function attackIds(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  const out = new Set<string>();
  for (const t of tags) {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(String(t));
    if (m) out.add((m[1] as string).toUpperCase());
  }
  return [...out];
}
