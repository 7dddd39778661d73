import type { Role } from '../../core/status.js';

/**
 * What each role may do. Viewers read; analysts also act on alerts, findings and remediation plans;
 * admins also manage users, tokens, integrations, routing and run remediations.
 */
export type Permission = 'read' | 'triage' | 'remediate' | 'admin';

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(['read']),
  analyst: new Set(['read', 'triage']),
  admin: new Set(['read', 'triage', 'remediate', 'admin']),
};

export function can(role: Role, p: Permission): boolean {
  return GRANTS[role].has(p);
}

/** The accounts a principal may see; `undefined` means all. An empty list means none. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  accounts?: readonly string[];
  via: 'session' | 'token';
  csrf?: string;
}
