/**
 * The dashboard talks to the server's HTTP API only. Session cookie auth; state changes echo the
 * CSRF token the login returned (kept in the readable `sw_csrf` cookie).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function csrf(): string {
  const m = /(?:^|;\s*)sw_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1] ?? '') : '';
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
      ...(method !== 'GET' && { 'x-csrf-token': csrf() }),
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (data ?? {}) as { error?: string; field?: string };
    throw new ApiError(res.status, e.error ?? res.statusText, e.field);
  }
  return data as T;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface Resource {
  id: string;
  type: string;
  provider: string;
  account: string;
  region: string;
  name: string;
  arn?: string;
  tags: Record<string, string>;
  config: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  deletedAt: string | null;
}

export interface Finding {
  id: string;
  source: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: string;
  resourceId: string | null;
  resourceType: string | null;
  account: string | null;
  region: string | null;
  firstSeen: string;
  lastSeen: string;
  evidence: Record<string, unknown>;
  attack: string[];
  compliance: { framework: string; control: string }[];
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface Alert {
  id: string;
  dedupKey: string;
  title: string;
  severity: Severity;
  riskScore: number;
  factors: string[];
  status: string;
  owner: string | null;
  assignee: string | null;
  firstSeen: string;
  lastSeen: string;
  data: Record<string, unknown>;
}

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * The server's alert order (src/core/order.ts): most severe, riskiest, then title and dedup key —
 * equal risk never falls back to the page's id order, which differs between two runs of the same scan.
 */
export function compareAlerts(a: Alert, b: Alert): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.riskScore - a.riskScore || text(a.title, b.title) || text(a.dedupKey, b.dedupKey);
}

export interface Change {
  id: string;
  kind: 'create' | 'modify' | 'delete';
  at: string;
  actor: string | null;
  diff: { path: string; before: unknown; after: unknown }[] | Record<string, unknown>;
}

export interface Me {
  id: string;
  username: string;
  role: 'admin' | 'analyst' | 'viewer';
  accounts: string[] | null;
}
