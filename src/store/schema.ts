/**
 * Table shapes shared by both dialects. Times are ISO-8601 UTC strings (they sort as text on both),
 * JSON columns are `jsonb` on PostgreSQL and `text` on SQLite (see json.ts), flags are 0/1 integers.
 */
export type Json = unknown;

export interface AccountsTable {
  id: string;
  provider: string;
  name: string;
  parent: string | null;
  status: string;
  team: string | null;
  tags: Json;
  created_at: string;
  updated_at: string;
}

export interface ScanRunsTable {
  id: string;
  provider: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  options: Json;
  stats: Json;
  /** Work items finished so far: a resumed scan skips them. */
  checkpoint: Json;
}

export interface CoverageGapsTable {
  id: string;
  scan_id: string;
  account: string;
  region: string;
  service: string;
  operation: string;
  kind: string;
  message: string;
  at: string;
}

export interface ResourcesTable {
  id: string;
  type: string;
  provider: string;
  account: string;
  region: string;
  name: string;
  arn: string | null;
  tags: Json;
  config: Json;
  /** Hash of config+tags+name: an unchanged resource costs one comparison, not a diff. */
  hash: string;
  first_seen: string;
  last_seen: string;
  deleted_at: string | null;
  scan_id: string | null;
}

export interface EdgesTable {
  from_id: string;
  to_id: string;
  kind: string;
  account: string;
  first_seen: string;
  last_seen: string;
  deleted_at: string | null;
}

export interface ResourceChangesTable {
  id: string;
  resource_id: string;
  resource_type: string;
  account: string;
  kind: string;
  at: string;
  /** create: the whole record; modify: [{path, before, after}]; delete: the last record. */
  diff: Json;
  actor: string | null;
  event_id: string | null;
  scan_id: string | null;
}

export interface FindingsTable {
  id: string;
  dedup_key: string;
  source: string;
  rule_id: string;
  title: string;
  severity: string;
  status: string;
  resource_id: string | null;
  resource_type: string | null;
  account: string | null;
  region: string | null;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  evidence: Json;
  attack: Json;
  compliance: Json;
  suppression_id: string | null;
}

export interface AlertsTable {
  id: string;
  dedup_key: string;
  title: string;
  severity: string;
  risk_score: number;
  factors: Json;
  status: string;
  owner: string | null;
  assignee: string | null;
  due_at: string | null;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  data: Json;
}

export interface AlertFindingsTable {
  alert_id: string;
  finding_id: string;
}

export interface AlertHistoryTable {
  id: string;
  alert_id: string;
  at: string;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export interface SuppressionsTable {
  id: string;
  /** { checkIds?, accounts?, regions?, resourceIds?, arnGlobs?, tags? }: AND within, OR across rows. */
  match: Json;
  reason: string;
  owner: string | null;
  author: string;
  created_at: string;
  expires_at: string | null;
}

export interface IntegrationsTable {
  id: string;
  name: string;
  type: string;
  version: number;
  options: Json;
  /** AES-256-GCM sealed credentials; never stored in the clear. */
  secret: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface DeliveriesTable {
  id: string;
  integration_id: string;
  alert_id: string;
  idempotency_key: string;
  action: string;
  status: string;
  attempts: number;
  external_id: string | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  scope: Json;
  disabled: number;
  created_at: string;
}

export interface TokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scope: Json;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Json;
}

/** Resume points of long reads: ingests (file/key + byte offset), S3 listings, queue positions. */
export interface CheckpointsTable {
  key: string;
  value: Json;
  updated_at: string;
}

export interface RemediationRunsTable {
  id: string;
  alert_id: string | null;
  remediation_id: string;
  resource_id: string;
  account: string;
  region: string;
  mode: string;
  status: string;
  actor: string;
  approved_by: string | null;
  plan: Json;
  result: Json;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  accounts: AccountsTable;
  scan_runs: ScanRunsTable;
  coverage_gaps: CoverageGapsTable;
  resources: ResourcesTable;
  edges: EdgesTable;
  resource_changes: ResourceChangesTable;
  findings: FindingsTable;
  alerts: AlertsTable;
  alert_findings: AlertFindingsTable;
  alert_history: AlertHistoryTable;
  suppressions: SuppressionsTable;
  integrations: IntegrationsTable;
  deliveries: DeliveriesTable;
  users: UsersTable;
  tokens: TokensTable;
  audit_log: AuditLogTable;
  checkpoints: CheckpointsTable;
  remediation_runs: RemediationRunsTable;
}
