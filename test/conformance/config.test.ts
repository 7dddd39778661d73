import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryGraph } from '../../src/core/resource.js';
import type { CheckUnit } from '../../src/core/units/check.js';
import { evaluateCheck } from '../../src/engine/detect/config/evaluate.js';
import { loadUnits } from '../../src/engine/units.js';
import { testData } from '../support/stores.js';
import { type Case, PANTHER_MAP, type PantherRow, SCOUT_MAP, pantherCases, scoutCases } from './config-adapters.js';

/**
 * Scores the check library against labelled public data: Panther's config-policy test vectors and
 * ScoutSuite's rule tests. Prints per-source agreement and every disagreement; fails below 90% on
 * the vectors it maps. Mappings whose checks are not in the registry are skipped, loudly.
 */
const NOW = new Date('2026-11-27T00:00:00Z');
const THRESHOLD = 0.9;

type Verdict = 'pass' | 'fail' | 'undecided';

function verdict(checks: readonly CheckUnit[], c: Case): { verdict: Verdict; detail: string } {
  const graph = memoryGraph([c.resource]);
  const outcomes = checks.map((k) => ({
    id: k.id,
    o: evaluateCheck(k, c.resource, { params: k.params ? k.params.parse(c.params?.[k.id] ?? {}) : {}, graph, now: NOW }),
  }));
  const failed = outcomes.filter((x) => x.o.status === 'fail');
  if (failed.length) return { verdict: 'fail', detail: failed.map((x) => `${x.id}: ${x.o.message ?? 'fail'}`).join('; ') };
  const errors = outcomes.filter((x) => x.o.status === 'error');
  if (errors.length === outcomes.length) return { verdict: 'undecided', detail: errors.map((x) => `${x.id}: error ${x.o.reason}`).join('; ') };
  return { verdict: 'pass', detail: outcomes.map((x) => `${x.id}: ${x.o.status}`).join('; ') };
}

interface Score {
  source: string;
  mapped: number;
  evaluated: number;
  agree: number;
  skippedChecks: Set<string>;
  disagreements: string[];
}

function score(source: string, cases: readonly Case[], byId: ReadonlyMap<string, CheckUnit>): Score {
  const s: Score = { source, mapped: cases.length, evaluated: 0, agree: 0, skippedChecks: new Set(), disagreements: [] };
  for (const c of cases) {
    const missing = c.checks.filter((id) => !byId.has(id));
    if (missing.length) {
      for (const m of missing) s.skippedChecks.add(m);
      continue;
    }
    const v = verdict(
      c.checks.map((id) => byId.get(id) as CheckUnit),
      c,
    );
    s.evaluated++;
    const ok = v.verdict !== 'undecided' && (v.verdict === 'pass') === c.compliant;
    if (ok) s.agree++;
    else s.disagreements.push(`${c.name}: labelled ${c.compliant ? 'compliant' : 'non-compliant'}, Skywatch ${v.verdict} (${v.detail})`);
  }
  return s;
}

function report(s: Score): string {
  const pct = s.evaluated ? ((100 * s.agree) / s.evaluated).toFixed(1) : 'n/a';
  const lines = [`${s.source}: ${s.agree}/${s.evaluated} agree (${pct}%) of ${s.mapped} mapped vectors`];
  if (s.skippedChecks.size) lines.push(`  SKIPPED (checks not in the registry): ${[...s.skippedChecks].sort().join(', ')}`);
  for (const d of s.disagreements) lines.push(`  DISAGREE ${d}`);
  return lines.join('\n');
}

const byId = new Map(loadUnits().checks.map((c) => [c.id, c]));

describe('config checks against labelled public data', () => {
  it('Panther config-policy vectors', () => {
    const rows = readFileSync(testData('panther-analysis/test_vectors.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PantherRow);
    const { cases, unmappedRules, mockRows } = pantherCases(rows);
    const s = score('panther', cases, byId);
    console.log(
      `${report(s)}\n  mapped policies: ${Object.keys(PANTHER_MAP).length}; unmapped policies: ${unmappedRules.size}; rows needing Panther's mocked look-ups (skipped): ${mockRows}`,
    );
    expect(cases.length).toBeGreaterThan(50);
    if (s.evaluated) expect(s.agree / s.evaluated).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('ScoutSuite rule tests', () => {
    const dir = testData('scoutsuite-rules-and-tests/tests/data');
    const cases: Case[] = [];
    const rules = readdirSync(join(dir, 'rule-results')).map((f) => f.replace(/\.json$/, ''));
    for (const rule of rules) {
      if (!SCOUT_MAP[rule]) continue;
      // A rule's config file names the shared config dump it runs on.
      const ref = readFileSync(join(dir, 'rule-configs', `${rule}.json`), 'utf8').trim();
      const config = JSON.parse(readFileSync(join(dir, 'rule-configs', ref.endsWith('.json') && !ref.startsWith('{') ? ref : `${rule}.json`), 'utf8'));
      const flagged = JSON.parse(readFileSync(join(dir, 'rule-results', `${rule}.json`), 'utf8')) as string[];
      cases.push(...scoutCases(rule, config, flagged));
    }
    const s = score('scoutsuite', cases, byId);
    console.log(`${report(s)}\n  mapped rules: ${Object.keys(SCOUT_MAP).length} of ${rules.length} rule tests`);
    expect(cases.length).toBeGreaterThan(20);
    if (s.evaluated) expect(s.agree / s.evaluated).toBeGreaterThanOrEqual(THRESHOLD);
  });
});
