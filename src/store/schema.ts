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

export interface ScanItemsTable {
  scan_id: string;
  /** `account|region|collector` (workKey). */
  key: string;
  worker: string;
  result: Json;
  at: string;
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

/** Latest result of one check on one resource (config checks): what compliance reports read. */
export interface CheckResultsTable {
  check_id: string;
  resource_id: string;
  resource_type: string;
  account: string;
  region: string;
  status: string;
  reason: string | null;
  message: string | null;
  evidence: Json | null;
  evaluated_at: string;
  run_id: string | null;
}

/** One run of the config check engine: `full` (after a scan) or `event` (only touched resources). */
export interface CheckRunsTable {
  id: string;
  kind: string;
  started_at: string;
  finished_at: string | null;
  scope: Json;
  stats: Json;
}

/** The findings open or suppressed at the end of a full run: what scan-to-scan diffs compare. */
export interface FindingSnapshotsTable {
  run_id: string;
  finding_id: string;
  status: string;
}

/** Activity: per-identity behaviour baselines (profile = engine/activity/baselines IdentityProfile). */
export interface ActivityIdentitiesTable {
  identity: string;
  account: string;
  type: string;
  name: string;
  first_seen: string;
  last_seen: string;
  learning_until: string;
  events: number;
  anomalies: number;
  profile: Json;
  updated_at: string;
}

/** A threat-intelligence feed; its indicators live in `intel_feed_versions`. */
export interface IntelFeedsTable {
  id: string;
  name: string;
  format: string;
  /** A file path or an https URL. */
  location: string;
  /** { column?, minLevel?, category?, confidence?, allowPrivate? } */
  options: Json;
  refresh: string | null;
  /** `config` (skywatch.yaml) or `cli` (`skywatch intel add`). */
  origin: string;
  enabled: number;
  /** `new` (never loaded), `ok`, `error` (the last refresh failed; the previous version is kept). */
  status: string;
  last_error: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  version: number;
  indicator_count: number;
  created_at: string;
  updated_at: string;
}

/** One loaded version of a feed: gzip+base64 JSON of its indicators (current and previous are kept). */
export interface IntelFeedVersionsTable {
  feed_id: string;
  version: number;
  fetched_at: string;
  indicator_count: number;
  problems: number;
  data: string;
}

/** Ports a resource was seen serving (`inbound`) or connecting to (`outbound`) in flow logs. */
export interface NetworkPortsTable {
  resource_id: string;
  port: number;
  /** `tcp`, `udp`, `icmp` or the IANA number. */
  protocol: string;
  direction: string;
  first_seen: string;
  last_seen: string;
  flows: number | string;
  bytes: number | string;
  /** Distinct peer addresses seen (counted up to a cap per ingest). */
  peers: number;
}

/** A flow or DNS log record an ingest could not parse: where it was, and why. */
export interface NetworkIngestErrorsTable {
  id: string;
  kind: string;
  location: string;
  line: number | null;
  message: string;
  at: string;
}

export interface VulnReportsTable {
  id: string;
  target_key: string;
  format: string;
  scanner: string;
  target_kind: string;
  target_name: string;
  target: Json;
  resource_id: string | null;
  match_method: string | null;
  generated_at: string | null;
  ingested_at: string;
  source: string;
  vuln_count: number;
  packages: Json;
}

export interface VulnerabilitiesTable {
  id: string;
  report_id: string;
  resource_id: string | null;
  vuln_id: string;
  aliases: Json;
  pkg_name: string;
  pkg_type: string | null;
  installed_version: string | null;
  fixed_version: string | null;
  severity: string;
  cvss_version: string | null;
  cvss_vector: string | null;
  cvss_score: number | null;
  published_at: string | null;
  title: string | null;
  epss: number | null;
}

export interface KevEntriesTable {
  cve_id: string;
  vendor: string;
  product: string;
  name: string;
  date_added: string;
  due_date: string | null;
  ransomware: string | null;
  catalog_version: string;
}

export interface EpssScoresTable {
  cve_id: string;
  epss: number;
  percentile: number | null;
  score_date: string | null;
}

export interface ExposuresTable {
  resource_id: string;
  resource_type: string;
  account: string;
  region: string;
  internet: number;
  ports: Json;
  paths: Json;
  notes: Json;
  computed_at: string;
}

export interface ApplicationsTable {
  resource_id: string;
  app: string;
  resource_type: string;
  version: string | null;
  confidence: string;
  ports: Json;
  evidence: Json;
  computed_at: string;
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

export interface RoutingRulesTable {
  id: string;
  position: number;
  rule: Json;
  author: string;
  created_at: string;
  updated_at: string;
}

export interface RateBudgetsTable {
  key: string;
  tokens: number;
  rate: number;
  last_ms: number;
  throttles: number;
}

export interface Database {
  accounts: AccountsTable;
  scan_runs: ScanRunsTable;
  scan_items: ScanItemsTable;
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
  check_results: CheckResultsTable;
  check_runs: CheckRunsTable;
  finding_snapshots: FindingSnapshotsTable;
  activity_identities: ActivityIdentitiesTable;
  intel_feeds: IntelFeedsTable;
  intel_feed_versions: IntelFeedVersionsTable;
  network_ports: NetworkPortsTable;
  network_ingest_errors: NetworkIngestErrorsTable;
  vuln_reports: VulnReportsTable;
  vulnerabilities: VulnerabilitiesTable;
  kev_entries: KevEntriesTable;
  epss_scores: EpssScoresTable;
  exposures: ExposuresTable;
  applications: ApplicationsTable;
  remediation_runs: RemediationRunsTable;
  routing_rules: RoutingRulesTable;
  rate_budgets: RateBudgetsTable;
}
