export { openStore, Store } from './store.js';
export type { StoreOptions } from './db.js';
export type { StoredResource, ResourceChange, ResourceFilter } from './repos/resources.repo.js';
export type { Alert, AlertHistoryEntry } from './repos/alerts.repo.js';
export type { ScanRun, CoverageGap } from './repos/scans.repo.js';
export type { Page, PageRequest } from './repos/page.js';
export type { Suppression, SuppressionMatch, IntegrationRecord, Delivery, User, Token, AuditEntry } from './repos/admin.repo.js';
export type { CheckResult, CheckResultFilter, CheckRun, StoredOutcome } from './repos/check-results.repo.js';
