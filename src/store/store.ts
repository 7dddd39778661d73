import { type Db, type StoreOptions, migrate, migrationStatus, openDb } from './db.js';
import { AccountsRepo } from './repos/accounts.repo.js';
import { AuditRepo, CheckpointsRepo, DeliveriesRepo, IntegrationsRepo, SuppressionsRepo, UsersRepo } from './repos/admin.repo.js';
import { AlertsRepo } from './repos/alerts.repo.js';
import { CheckResultsRepo, CheckRunsRepo, ConfigQueriesRepo } from './repos/check-results.repo.js';
import { ApplicationsRepo, ExposuresRepo } from './repos/context.repo.js';
import { DashboardRepo } from './repos/dashboard.repo.js';
import { FindingsRepo } from './repos/findings.repo.js';
import { IdentitiesRepo } from './repos/identities.repo.js';
import { IntelRepo } from './repos/intel.repo.js';
import { NetworkRepo } from './repos/network.repo.js';
import { RemediationRunsRepo } from './repos/remediation-runs.repo.js';
import { RateBudgetsRepo } from './repos/rate-budgets.repo.js';
import { RoutingRulesRepo } from './repos/routing-rules.repo.js';
import { EdgesRepo, ResourcesRepo } from './repos/resources.repo.js';
import { ScansRepo } from './repos/scans.repo.js';
import { VulnsRepo } from './repos/vulns.repo.js';

/** The store: one database, one repository per noun. Engines receive this, never a raw connection. */
export class Store {
  readonly accounts: AccountsRepo;
  readonly scans: ScansRepo;
  readonly resources: ResourcesRepo;
  readonly edges: EdgesRepo;
  readonly findings: FindingsRepo;
  readonly alerts: AlertsRepo;
  readonly suppressions: SuppressionsRepo;
  readonly integrations: IntegrationsRepo;
  readonly deliveries: DeliveriesRepo;
  readonly users: UsersRepo;
  readonly audit: AuditRepo;
  readonly checkpoints: CheckpointsRepo;
  readonly checkResults: CheckResultsRepo;
  readonly checkRuns: CheckRunsRepo;
  /** Bulk queries of the config check engine (graph neighbourhoods, finding state by dedup key). */
  readonly configQueries: ConfigQueriesRepo;
  readonly identities: IdentitiesRepo;
  readonly intel: IntelRepo;
  readonly network: NetworkRepo;
  readonly vulns: VulnsRepo;
  readonly exposures: ExposuresRepo;
  readonly applications: ApplicationsRepo;
  readonly remediationRuns: RemediationRunsRepo;
  readonly routingRules: RoutingRulesRepo;
  /** Discovery's per account × service rate budgets, shared by the workers of this store. */
  readonly rateBudgets: RateBudgetsRepo;
  /** Read-only aggregates of the dashboard (alert trend, posture, top talkers). */
  readonly dashboard: DashboardRepo;

  constructor(readonly db: Db) {
    const k = db.kysely;
    this.accounts = new AccountsRepo(k);
    this.scans = new ScansRepo(k);
    this.resources = new ResourcesRepo(k, db.dialect === 'sqlite');
    this.edges = new EdgesRepo(k);
    this.findings = new FindingsRepo(k, db.sqlite);
    this.alerts = new AlertsRepo(k);
    this.suppressions = new SuppressionsRepo(k);
    this.integrations = new IntegrationsRepo(k);
    this.deliveries = new DeliveriesRepo(k);
    this.users = new UsersRepo(k);
    this.audit = new AuditRepo(k);
    this.checkpoints = new CheckpointsRepo(k);
    this.checkResults = new CheckResultsRepo(k);
    this.checkRuns = new CheckRunsRepo(k);
    this.configQueries = new ConfigQueriesRepo(k);
    this.identities = new IdentitiesRepo(k);
    this.intel = new IntelRepo(k);
    this.network = new NetworkRepo(k, db.sqlite);
    this.vulns = new VulnsRepo(k);
    this.exposures = new ExposuresRepo(k);
    this.applications = new ApplicationsRepo(k);
    this.remediationRuns = new RemediationRunsRepo(k);
    this.routingRules = new RoutingRulesRepo(k);
    this.rateBudgets = new RateBudgetsRepo(k, db.dialect);
    this.dashboard = new DashboardRepo(k);
  }

  get dialect() {
    return this.db.dialect;
  }

  migrate() {
    return migrate(this.db);
  }

  migrationStatus() {
    return migrationStatus(this.db);
  }

  close() {
    return this.db.close();
  }
}

/** Opens and migrates: what every command that touches data starts with. */
export async function openStore(opts: StoreOptions, { migrate: run = true } = {}): Promise<Store> {
  const store = new Store(await openDb(opts));
  if (run) await store.migrate();
  return store;
}
