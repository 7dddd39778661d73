import { ConfigError } from '../core/errors.js';

/**
 * A 5-field cron matcher (minute hour day-of-month month day-of-week, UTC) with `*`, lists, ranges
 * and steps: what pg-boss accepts, so a schedule behaves the same embedded and distributed.
 */
export interface Cron {
  matches(d: Date): boolean;
  next(after: Date): Date;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, f: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new ConfigError(`cron ${f.name} "${part}" is not a number, range, list or step`, { field: 'cron' });
    const step = m[4] ? Number(m[4]) : 1;
    const lo = m[1] === '*' ? f.min : Number(m[2]);
    const hi = m[1] === '*' ? f.max : m[3] ? Number(m[3]) : m[4] ? f.max : lo;
    if (lo < f.min || hi > f.max || lo > hi || step < 1) throw new ConfigError(`cron ${f.name} "${part}" is out of range ${f.min}-${f.max}`, { field: 'cron' });
    for (let v = lo; v <= hi; v += step) out.add(f.name === 'day of week' && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new ConfigError(`cron "${expr}" must have 5 fields (minute hour day month weekday)`, { field: 'cron' });
  const [mi, ho, dom, mo, dow] = parts.map((p, i) => parseField(p, FIELDS[i] as (typeof FIELDS)[number])) as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  const matches = (d: Date) => {
    if (!mi.has(d.getUTCMinutes()) || !ho.has(d.getUTCHours()) || !mo.has(d.getUTCMonth() + 1)) return false;
    // Classic cron: when both day fields are restricted, either may match.
    const domOk = dom.has(d.getUTCDate());
    const dowOk = dow.has(d.getUTCDay());
    return domAny || dowAny ? domOk && dowOk : domOk || dowOk;
  };
  return {
    matches,
    next(after) {
      const d = new Date(after.getTime());
      d.setUTCSeconds(0, 0);
      d.setUTCMinutes(d.getUTCMinutes() + 1);
      // A year of minutes bounds the search; an impossible date (Feb 31) ends it.
      for (let i = 0; i < 366 * 24 * 60; i++) {
        if (matches(d)) return d;
        d.setUTCMinutes(d.getUTCMinutes() + 1);
      }
      throw new ConfigError(`cron "${expr}" never fires`, { field: 'cron' });
    },
  };
}
