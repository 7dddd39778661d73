/** Every lifecycle in Skywatch is a string union; the arrays exist for validation and documentation. */
export const CHECK_STATUSES = ['pass', 'fail', 'error', 'not-applicable'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const FINDING_SOURCES = ['config', 'vulnerability', 'activity', 'network'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

export const FINDING_STATUSES = ['open', 'resolved', 'suppressed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved', 'suppressed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const SCAN_STATUSES = ['running', 'completed', 'partial', 'failed'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export const CHANGE_KINDS = ['create', 'modify', 'delete'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Why a collector could not see something; recorded as a coverage gap, never thrown past the scan. */
export const GAP_KINDS = ['access-denied', 'region-disabled', 'unsupported', 'throttled', 'expired-credentials', 'malformed-response', 'error'] as const;
export type GapKind = (typeof GAP_KINDS)[number];
