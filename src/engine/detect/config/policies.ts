import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Environment } from '@marcbachmann/cel-js';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../../core/errors.js';
import { controlExists as catalogueHas } from '../../../compliance/index.js';
import { RESOURCE_TYPE_PATTERN, UNIT_ID_PATTERN } from '../../../core/ids.js';
import type { ResourceRecord } from '../../../core/resource.js';
import { SEVERITIES } from '../../../core/severity.js';
import { type CheckOutcome, type CheckUnit, checkError, defineCheck, fail, notApplicable, pass } from '../../../core/units/check.js';
import type { ControlRef } from '../../../core/units/common.js';

/** A problem in a policy file: where it is (file, line, field) and what is wrong. */
export interface PolicyProblem {
  file: string;
  line?: number;
  field: string;
  message: string;
}

export const formatProblem = (p: PolicyProblem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field}: ${p.message}`;

const example = z.strictObject({
  name: z.string().optional(),
  id: z.string().optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  config: z.record(z.string(), z.unknown()),
});

const ref = z.union([
  z.string().regex(/^[a-z0-9.-]+:[A-Za-z0-9.()-]+$/, 'must be "framework:control", e.g. cis-aws-5.0:2.1.1'),
  z.strictObject({ framework: z.string().min(1), control: z.string().min(1) }),
]);

/** The policy file format (one policy per YAML file); see docs/checks.md. */
export const policySchema = z.strictObject({
  id: z.string().regex(UNIT_ID_PATTERN, 'must be lowercase kebab-case'),
  title: z.string().min(1),
  description: z.string().optional(),
  resourceType: z.string().regex(RESOURCE_TYPE_PATTERN, 'must look like aws.s3.bucket'),
  severity: z.enum(SEVERITIES),
  risk: z.string().min(1).optional(),
  /** CEL over `resource` (id, type, account, region, name, tags, config) and `now`: true means compliant. */
  condition: z.string().min(1),
  /** CEL: false means the policy does not apply to this resource (not-applicable). */
  applies: z.string().min(1).optional(),
  /** Message of a fail; defaults to the title. */
  message: z.string().optional(),
  needs: z.array(z.string().min(1)).optional(),
  compliance: z.array(ref).default([]),
  remediation: z.string().min(1),
  examples: z.strictObject({ pass: z.array(example).default([]), fail: z.array(example).default([]) }).optional(),
});
export type PolicySpec = z.infer<typeof policySchema>;

export interface LoadedPolicy {
  spec: PolicySpec;
  check: CheckUnit;
  file: string;
}

let env: Environment | undefined;
/** One CEL environment for every policy: two map variables, nothing else reachable. */
function celEnv(): Environment {
  env ??= new Environment({ homogeneousAggregateLiterals: false }).registerVariable('resource', 'map').registerVariable('now', 'google.protobuf.Timestamp');
  return env;
}

type Compiled = (vars: Record<string, unknown>) => unknown;

function compile(expr: string): Compiled {
  const parsed = celEnv().parse(expr);
  const checked = parsed.check();
  if (!checked.valid) throw checked.error;
  return (vars) => parsed(vars);
}

const celMessage = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e)) ?? 'invalid expression';

function toRef(r: PolicySpec['compliance'][number]): ControlRef {
  if (typeof r !== 'string') return r;
  const i = r.indexOf(':');
  return { framework: r.slice(0, i), control: r.slice(i + 1) };
}

/** Builds the check a policy stands for. Condition errors on absent keys are `error: missing-data`, never fails. */
export function policyCheck(spec: PolicySpec, file: string): CheckUnit {
  const condition = compile(spec.condition);
  const applies = spec.applies ? compile(spec.applies) : undefined;
  const examples = spec.examples ?? { pass: [], fail: [] };
  const fixtures = [
    ...examples.pass.map((e, i) => ({ e, i, expect: 'pass' as const })),
    ...examples.fail.map((e, i) => ({ e, i, expect: 'fail' as const })),
  ].map(({ e, i, expect }) => ({
    name: e.name ?? `${expect} example ${i + 1}`,
    resource: {
      config: e.config,
      ...(e.tags && { tags: e.tags }),
      ...(e.id && { id: e.id }),
      ...(e.account && { account: e.account }),
      ...(e.region && { region: e.region }),
    },
    expect,
  }));
  return defineCheck<Record<string, unknown>>({
    id: spec.id,
    title: spec.title,
    ...(spec.description && { description: `${spec.description} (custom policy ${file})` }),
    provider: spec.resourceType.split('.')[0] as 'aws',
    resourceType: spec.resourceType,
    severity: spec.severity,
    risk: spec.risk ?? spec.description ?? spec.title,
    remediation: { text: spec.remediation },
    compliance: spec.compliance.map(toRef),
    ...(spec.needs && { needs: spec.needs }),
    evaluate(r, ctx): CheckOutcome {
      const vars = { resource: celView(r), now: ctx.now };
      try {
        if (applies && applies(vars) !== true) return notApplicable('policy applies-condition is false');
        const v = condition(vars);
        if (typeof v !== 'boolean') return checkError('bad-condition', `condition returned ${typeof v}, not a boolean`);
        return v ? pass() : fail(spec.message ?? spec.title, { condition: spec.condition });
      } catch (e) {
        const msg = celMessage(e);
        return checkError(/No such key|Unknown variable/.test(msg) ? 'missing-data' : 'bad-condition', msg);
      }
    },
    fixtures,
  });
}

function celView(r: ResourceRecord): Record<string, unknown> {
  return { id: r.id, type: r.type, account: r.account, region: r.region, name: r.name, tags: r.tags, config: r.config ?? {} };
}

/**
 * Parses and validates one policy file. Every problem names the file, the line and the field; the
 * CEL expressions are compiled and type-checked here, so a broken policy never reaches a run.
 */
export function parsePolicy(
  text: string,
  file: string,
  opts: { controlExists?: (framework: string, control: string) => boolean; takenIds?: ReadonlySet<string> } = {},
): { policy?: LoadedPolicy; problems: PolicyProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return {
      problems: [{ file, ...(e?.linePos?.[0]?.line && { line: e.linePos[0].line }), field: '(yaml)', message: e?.message.split('\n')[0] ?? 'invalid YAML' }],
    };
  }
  const lineOf = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const problem = (path: (string | number)[], message: string): PolicyProblem => {
    const line = lineOf(path);
    return { file, ...(line && { line }), field: path.join('.') || '(root)', message };
  };
  const parsed = policySchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((i) => {
        const keys = i.code === 'unrecognized_keys' ? i.keys : [];
        const path = keys.length ? [...i.path.map((p) => p as string | number), keys[0] as string] : i.path.map((p) => p as string | number);
        return problem(path, i.message);
      }),
    };
  const spec = parsed.data;
  const problems: PolicyProblem[] = [];
  if (opts.takenIds?.has(spec.id)) problems.push(problem(['id'], `"${spec.id}" is already a check id`));
  const exists = opts.controlExists ?? catalogueHas;
  spec.compliance.forEach((r, i) => {
    const c = toRef(r);
    if (!exists(c.framework, c.control)) problems.push(problem(['compliance', i], `unknown control ${c.framework} ${c.control}`));
  });
  for (const field of ['condition', 'applies'] as const) {
    const expr = spec[field];
    if (!expr) continue;
    try {
      compile(expr);
    } catch (e) {
      problems.push(problem([field], `invalid CEL: ${celMessage(e)}`));
    }
  }
  if (problems.length) return { problems };
  return { policy: { spec, check: policyCheck(spec, file), file }, problems: [] };
}

export function loadPolicyFile(file: string, opts: Parameters<typeof parsePolicy>[2] = {}) {
  return parsePolicy(readFileSync(file, 'utf8'), file, opts);
}

/** Every `*.yaml`/`*.yml` under `dir`: good policies load, bad ones are skipped and reported. */
export function loadPolicyDir(dir: string, takenIds: ReadonlySet<string> = new Set()): { checks: CheckUnit[]; problems: PolicyProblem[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch (e) {
      throw new ConfigError(`checks.policies: cannot read ${d}: ${celMessage(e)}`, { field: 'checks.policies' });
    }
    for (const name of entries) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) files.push(p);
    }
  };
  walk(dir);
  const checks: CheckUnit[] = [];
  const problems: PolicyProblem[] = [];
  const taken = new Set(takenIds);
  for (const f of files) {
    const r = loadPolicyFile(f, { takenIds: taken });
    problems.push(...r.problems);
    if (r.policy) {
      checks.push(r.policy.check);
      taken.add(r.policy.spec.id);
    }
  }
  return { checks, problems };
}
