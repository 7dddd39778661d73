import { stableKey } from './ids.js';
import type { Severity } from './severity.js';
import type { FindingSource, FindingStatus } from './status.js';
import type { ControlRef } from './units/common.js';

/**
 * What every detection family produces. The field names are the documented JSON output of
 * `skywatch findings list --format json`; keep them stable.
 */
export interface Finding {
  id: string;
  /** Same finding seen again (next scan, next window) has the same key; it is updated, not duplicated. */
  dedupKey: string;
  source: FindingSource;
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  resourceId: string | null;
  resourceType: string | null;
  account: string | null;
  region: string | null;
  firstSeen: string;
  lastSeen: string;
  evidence: Record<string, unknown>;
  attack: string[];
  compliance: ControlRef[];
}

/** The input a detector or check gives the store; ids, status and times are the store's job. */
export type NewFinding = Omit<Finding, 'id' | 'status' | 'firstSeen' | 'lastSeen' | 'dedupKey'> & {
  dedupKey?: string;
  /** When it was observed (event time for logs, scan time for checks). */
  seenAt: string;
};

/** Default dedup key: one finding per rule per resource (or per subject for resource-less findings). */
export function findingKey(f: Pick<NewFinding, 'source' | 'ruleId' | 'resourceId' | 'account'>, subject?: string): string {
  return stableKey(f.source, f.ruleId, f.resourceId ?? subject ?? '', f.account ?? '');
}
