/**
 * Field access for Sigma over CloudTrail. SigmaHQ's CloudTrail rules name the fields of the raw
 * CloudTrail record (`eventName`, `userIdentity.sessionContext.sessionIssuer.type`,
 * `requestParameters.x`), so the mapping is the record path itself, read from `AuditEvent.raw`
 * (already unwrapped from EventBridge / Lake envelopes). The aliases below cover the few generic
 * Sigma taxonomy names a cloud rule may use, mapped to their CloudTrail fields.
 */
export const SIGMA_FIELD_ALIASES: Readonly<Record<string, string>> = {
  src_ip: 'sourceIPAddress',
  SourceIP: 'sourceIPAddress',
  user_agent: 'userAgent',
  UserAgent: 'userAgent',
  EventName: 'eventName',
  EventSource: 'eventSource',
  AwsRegion: 'awsRegion',
  Region: 'awsRegion',
};

export type FieldGetter = (rec: unknown) => unknown[];

/**
 * Compiles a dotted path into a getter returning every value found (arrays along the path fan out,
 * so `requestParameters.instancesSet.items.instanceId` reaches each item). A literal key containing
 * dots is tried first: some records have keys like `x-amz-acl`… and Sigma cannot express escaping.
 */
export function compileField(field: string): FieldGetter {
  const path = (SIGMA_FIELD_ALIASES[field] ?? field).split('.');
  const whole = SIGMA_FIELD_ALIASES[field] ?? field;
  return (rec: unknown) => {
    const out: unknown[] = [];
    if (rec && typeof rec === 'object' && whole in (rec as object) && path.length > 1) {
      push(out, (rec as Record<string, unknown>)[whole]);
      return out;
    }
    walk(rec, path, 0, out);
    return out;
  };
}

function push(out: unknown[], v: unknown) {
  if (Array.isArray(v)) for (const x of v) out.push(x);
  else out.push(v);
}

function walk(node: unknown, path: readonly string[], i: number, out: unknown[]): void {
  if (i === path.length) {
    push(out, node);
    return;
  }
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (const x of node) walk(x, path, i, out);
    return;
  }
  if (typeof node !== 'object') return;
  const key = path[i] as string;
  const obj = node as Record<string, unknown>;
  if (key in obj) walk(obj[key], path, i + 1, out);
}

/**
 * The allocation-free form used by the hot path: calls `test` on each value at the path and
 * reports 2 (a value passed), 1 (values exist, none passed) or 0 (no value: the field is absent).
 */
export type FieldVisitor = (rec: unknown, test: (v: unknown) => boolean) => 0 | 1 | 2;

export function compileVisitor(field: string): FieldVisitor {
  const whole = SIGMA_FIELD_ALIASES[field] ?? field;
  const path = whole.split('.');
  const visit = (node: unknown, i: number, test: (v: unknown) => boolean): 0 | 1 | 2 => {
    while (i < path.length) {
      if (node === null || node === undefined || typeof node !== 'object') return 0;
      if (Array.isArray(node)) {
        let found: 0 | 1 = 0;
        for (const x of node) {
          const r = visit(x, i, test);
          if (r === 2) return 2;
          if (r === 1) found = 1;
        }
        return found;
      }
      // One read, no `in` first: a key present with an undefined value (never in parsed JSON)
      // reads as absent, which a matcher treats the same (tested with undefined either way).
      node = (node as Record<string, unknown>)[path[i] as string];
      if (node === undefined) return 0;
      i++;
    }
    if (Array.isArray(node)) {
      if (node.length === 0) return 0;
      for (const x of node) if (test(x)) return 2;
      return 1;
    }
    return test(node) ? 2 : 1;
  };
  if (path.length === 1) return (rec, test) => visit(rec, 0, test);
  return (rec, test) => {
    if (rec && typeof rec === 'object') {
      const literal = (rec as Record<string, unknown>)[whole];
      if (literal !== undefined) return visit(literal, path.length, test);
    }
    return visit(rec, 0, test);
  };
}
