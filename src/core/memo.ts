/**
 * A small memo table for per-event derivations whose inputs repeat (event sources, user agents,
 * lower-cased field values): emptied when full, so varied inputs cost a recomputation, never
 * unbounded or long-lived state.
 */
export function memo<V>(cap: number, f: (k: string) => V): (k: string) => V {
  let m = new Map<string, V>();
  return (k) => {
    let v = m.get(k);
    if (v === undefined) {
      v = f(k);
      if (m.size >= cap) m = new Map();
      m.set(k, v);
    }
    return v;
  };
}
