import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseDuration } from '../../../core/config.js';
import type { Severity } from '../../../core/severity.js';
import { type CompiledDetection, UnsupportedError, attackIds, compileDetection, levelToSeverity, type Predicate } from './compile.js';

/**
 * Loads SigmaHQ rules from directories at run time (the rules are not copied into the project:
 * their licence requires attribution and they change upstream). Each rule is compiled once; a rule
 * for another log source is skipped and counted; a rule using something this engine does not
 * implement is reported with its file and the reason, never silently dropped.
 */
export interface SigmaRule {
  kind: 'rule';
  id: string;
  name?: string;
  title: string;
  file: string;
  severity: Severity;
  level: string;
  attack: string[];
  predicate: Predicate;
  /** The field and lower-cased values the rule can only match (see INDEX_FIELDS); undefined = any event. */
  index: CompiledDetection['index'];
  /** Referenced only by correlations (`generate: false` defaults true when correlated). */
  correlatedOnly: boolean;
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

export interface SigmaCorrelation {
  kind: 'correlation';
  id: string;
  name?: string;
  title: string;
  file: string;
  severity: Severity;
  level: string;
  attack: string[];
  type: CorrelationType;
  /** Ids of the base rules. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  condition: { op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq'; value: number; field?: string };
  /** Sigma `generate`: whether the base rules also report on their own (default false). */
  generate: boolean;
}

export interface SigmaProblem {
  file: string;
  title?: string;
  reason: string;
}

export interface SigmaSet {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  /** Rules that could not be compiled: file + reason. */
  unsupported: SigmaProblem[];
  /** Rules for other log sources (Azure, GCP…), counted, not errors. */
  skipped: number;
  files: number;
}

/** Does this logsource describe CloudTrail? (`product: aws` + `service: cloudtrail`.) */
function isCloudTrail(ls: unknown): boolean {
  if (!ls || typeof ls !== 'object') return false;
  const l = ls as Record<string, unknown>;
  return String(l.product ?? '').toLowerCase() === 'aws' && (l.service === undefined || String(l.service).toLowerCase() === 'cloudtrail');
}

async function yamlFiles(dir: string): Promise<string[]> {
  const st = await stat(dir);
  if (st.isFile()) return [dir];
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

const CONDITION_OPS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;

/** Parses the YAML text of one file (which may hold several documents: a rule and its correlation). */
export function compileSigmaText(text: string, file: string, into: SigmaSet): void {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length) {
      into.unsupported.push({ file, reason: `YAML: ${doc.errors[0]?.message ?? 'parse error'}` });
      continue;
    }
    const r = doc.toJS() as Record<string, unknown> | null;
    if (!r || typeof r !== 'object') continue;
    const title = String(r.title ?? file);
    const id = String(r.id ?? r.name ?? file);
    const level = String(r.level ?? 'medium');
    const base = { id, title, file, severity: levelToSeverity(level), level, attack: attackIds(r.tags), ...(typeof r.name === 'string' && { name: r.name }) };
    try {
      if (r.correlation) {
        into.correlations.push({ kind: 'correlation', ...base, ...compileCorrelation(r.correlation) });
        continue;
      }
      if (!isCloudTrail(r.logsource)) {
        into.skipped++;
        continue;
      }
      if (!r.detection || typeof r.detection !== 'object') throw new UnsupportedError('rule has no detection section');
      const { predicate, index } = compileDetection(r.detection as Record<string, unknown>);
      into.rules.push({ kind: 'rule', ...base, predicate, index, correlatedOnly: false });
    } catch (e) {
      if (e instanceof UnsupportedError) into.unsupported.push({ file, title, reason: e.message });
      else into.unsupported.push({ file, title, reason: `error: ${(e as Error).message}` });
    }
  }
}

function compileCorrelation(c: unknown): Pick<SigmaCorrelation, 'type' | 'rules' | 'groupBy' | 'timespanMs' | 'condition' | 'generate'> {
  if (!c || typeof c !== 'object') throw new UnsupportedError('correlation must be a map');
  const k = c as Record<string, unknown>;
  const type = String(k.type);
  if (!['event_count', 'value_count', 'temporal', 'temporal_ordered'].includes(type)) throw new UnsupportedError(`correlation type "${type}"`);
  const rules = (Array.isArray(k.rules) ? k.rules : [k.rules]).map(String);
  if (rules.length === 0) throw new UnsupportedError('correlation names no rules');
  const groupBy = k['group-by'] === undefined ? [] : (Array.isArray(k['group-by']) ? k['group-by'] : [k['group-by']]).map(String);
  if (k.aliases !== undefined) throw new UnsupportedError('correlation field aliases');
  let timespanMs: number;
  try {
    timespanMs = parseDuration(String(k.timespan ?? k.timeframe));
  } catch {
    throw new UnsupportedError(`correlation timespan ${JSON.stringify(k.timespan ?? null)}`);
  }
  let condition: SigmaCorrelation['condition'];
  if (type === 'temporal' || type === 'temporal_ordered') condition = { op: 'gte', value: rules.length };
  else {
    const cond = k.condition as Record<string, unknown> | undefined;
    if (!cond || typeof cond !== 'object') throw new UnsupportedError('correlation has no condition');
    const op = CONDITION_OPS.find((o) => cond[o] !== undefined);
    if (!op) throw new UnsupportedError(`correlation condition ${JSON.stringify(cond)}`);
    const ops = CONDITION_OPS.filter((o) => cond[o] !== undefined);
    if (ops.length > 1) throw new UnsupportedError('correlation condition with a range (several operators)');
    // "fewer than N" needs evaluation when a window closes without events, which a stream of
    // events alone cannot trigger reliably: reported rather than half-implemented.
    if (op === 'lt' || op === 'lte') throw new UnsupportedError(`correlation condition "${op}" (absence of events)`);
    condition = { op, value: Number(cond[op]) };
    if (typeof cond.field === 'string') condition.field = cond.field;
    if (type === 'value_count' && !condition.field) throw new UnsupportedError('value_count correlation needs condition.field');
  }
  return { type: type as CorrelationType, rules, groupBy, timespanMs, condition, generate: k.generate === true };
}

/** Links correlations to their base rules by id or name; unknown references are reported. */
function linkCorrelations(set: SigmaSet): void {
  const byRef = new Map<string, SigmaRule>();
  for (const r of set.rules) {
    byRef.set(r.id, r);
    if (r.name) byRef.set(r.name, r);
  }
  const kept: SigmaCorrelation[] = [];
  for (const c of set.correlations) {
    const missing = c.rules.filter((ref) => !byRef.has(ref));
    if (missing.length) {
      set.unsupported.push({ file: c.file, title: c.title, reason: `correlation references unknown rule(s): ${missing.join(', ')}` });
      continue;
    }
    c.rules = c.rules.map((ref) => (byRef.get(ref) as SigmaRule).id);
    for (const ref of c.rules) {
      const r = set.rules.find((x) => x.id === ref);
      if (r && !c.generate) r.correlatedOnly = true;
    }
    kept.push(c);
  }
  set.correlations = kept;
}

export function emptySigmaSet(): SigmaSet {
  return { rules: [], correlations: [], unsupported: [], skipped: 0, files: 0 };
}

/** Loads every `.yml`/`.yaml` under the directories (recursively). */
export async function loadSigmaDirs(dirs: readonly string[]): Promise<SigmaSet> {
  const set = emptySigmaSet();
  for (const dir of dirs) {
    for (const f of await yamlFiles(dir)) {
      set.files++;
      const rel = relative(dir, f) || f;
      compileSigmaText(readFileSync(f, 'utf8'), rel === '' ? f : join(dir, rel), set);
    }
  }
  linkCorrelations(set);
  return set;
}

/** For tests and inline rules: compiles YAML texts as if they were files. */
export function compileSigmaTexts(texts: readonly { file: string; text: string }[]): SigmaSet {
  const set = emptySigmaSet();
  for (const t of texts) {
    set.files++;
    compileSigmaText(t.text, t.file, set);
  }
  linkCorrelations(set);
  return set;
}
