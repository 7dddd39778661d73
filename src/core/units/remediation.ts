import type { ResourceRecord } from '../resource.js';

export interface PlannedChange {
  /** A path into the resource's config, or a description of the API-level object changed. */
  field: string;
  before: unknown;
  after: unknown;
}

export interface RemediationPlan {
  remediationId: string;
  resourceId: string;
  summary: string;
  changes: PlannedChange[];
  /** Data apply needs and rollback needs to undo (previous values, created ids). */
  data: Record<string, unknown>;
}

export interface RemediationContext {
  account: string;
  region: string;
  client<T>(ctor: new (config: never) => T): T;
}

export interface RemediationSpec<C> {
  id: string;
  title: string;
  resourceType: string;
  /** Checks whose failures this remediation fixes. */
  fixes: readonly string[];
  permissions: readonly string[];
  /** What may break when applied, in words shown before approval. */
  impact: string;
  /** Pure: null when the resource is already in the good state. */
  plan(resource: ResourceRecord<C>): RemediationPlan | null;
  apply(plan: RemediationPlan, ctx: RemediationContext): Promise<void>;
  rollback(plan: RemediationPlan, ctx: RemediationContext): Promise<void>;
  fixtures: readonly { name: string; resource: Partial<ResourceRecord<C>> & { config: C }; expectChanges: number }[];
}

export interface RemediationUnit<C = any> extends RemediationSpec<C> {
  readonly kind: 'remediation';
}

export function defineRemediation<C>(spec: RemediationSpec<C>): RemediationUnit<C> {
  return Object.freeze({ ...spec, kind: 'remediation' as const });
}
