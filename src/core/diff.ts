/** Field-level differences between two JSON values, as the change history stores them. */
export interface FieldChange {
  /** Dotted path; array elements are compared whole (order matters, and rules lists rarely diff usefully by index). */
  path: string;
  before: unknown;
  after: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const out: FieldChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of [...keys].sort()) {
      out.push(...diffValues(before[k], after[k], path ? `${path}.${k}` : k));
    }
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '$', before: before ?? null, after: after ?? null }];
}

/** Undo changes on a value: walks history backwards ("what did this look like on Tuesday"). */
export function revertChanges<T>(current: T, changes: readonly FieldChange[]): T {
  const copy = structuredClone(current) as unknown;
  let root = copy;
  for (const c of changes) {
    if (c.path === '$') {
      root = structuredClone(c.before);
      continue;
    }
    const parts = c.path.split('.');
    let node = root as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) {
      if (!isPlainObject(node[p])) node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1] as string;
    if (c.before === null || c.before === undefined) delete node[last];
    else node[last] = structuredClone(c.before);
  }
  return root as T;
}
