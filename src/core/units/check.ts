import type { ZodType } from 'zod';
import type { GraphView, ResourceRecord } from '../resource.js';
import type { Severity } from '../severity.js';
import type { CheckStatus, Provider } from '../status.js';
import type { ControlRef } from './common.js';

export interface CheckOutcome {
  status: CheckStatus;
  /** One sentence a person reads: what is wrong, or why the check could not decide. */
  message?: string;
  /** Why it errored or does not apply: `access-denied`, `missing-data`, … Never a fail. */
  reason?: string;
  evidence?: Record<string, unknown>;
}

export const pass = (evidence?: Record<string, unknown>): CheckOutcome => ({ status: 'pass', ...(evidence && { evidence }) });
export const fail = (message: string, evidence?: Record<string, unknown>): CheckOutcome => ({
  status: 'fail',
  message,
  ...(evidence && { evidence }),
});
export const checkError = (reason: string, message?: string): CheckOutcome => ({
  status: 'error',
  reason,
  ...(message !== undefined && { message }),
});
export const notApplicable = (reason: string): CheckOutcome => ({ status: 'not-applicable', reason });

export interface AccountContext {
  id: string;
  /** Services enabled organisation-wide through a delegated administrator or an organisation trail. */
  orgEnabled?: ReadonlySet<string>;
}

export interface CheckContext<P> {
  params: P;
  graph: GraphView;
  now: Date;
  account?: AccountContext;
}

export interface CheckFixture<C> {
  name: string;
  resource: Partial<ResourceRecord<C>> & { config: C };
  /** Other resources and edges the graph holds (graph-scoped checks). */
  related?: { resources?: ResourceRecord[]; edges?: { from: string; to: string; kind: string }[] };
  params?: Record<string, unknown>;
  now?: string;
  expect: CheckStatus;
}

export interface CheckSpec<C, P> {
  id: string;
  title: string;
  description?: string;
  provider: Provider;
  resourceType: string;
  severity: Severity;
  /** Why the failing state matters, in a sentence or two. */
  risk: string;
  remediation: { text: string; remediationId?: string };
  compliance: readonly ControlRef[];
  scope?: 'resource' | 'graph';
  /**
   * Collector hydrate fields this check reads; only these are fetched during a scan. `<type>:<key>` names
   * a field of another resource type a graph check reads through an edge (`aws.rds.db-parameter-group:parameters`).
   */
  needs?: readonly string[];
  params?: ZodType<P>;
  evaluate(resource: ResourceRecord<C>, ctx: CheckContext<P>): CheckOutcome;
  fixtures: readonly CheckFixture<C>[];
}

export interface CheckUnit<C = any, P = any> extends CheckSpec<C, P> {
  readonly kind: 'check';
  /** Set on checks built from a family: the family's id (its file name). */
  readonly family?: string;
}

export function defineCheck<C = Record<string, unknown>, P = Record<string, never>>(spec: CheckSpec<C, P>): CheckUnit<C, P> {
  return Object.freeze({ ...spec, kind: 'check' as const });
}

/** Many checks of one logic with different values (one per sensitive port): one file, never copies. */
export interface CheckFamilyUnit {
  readonly kind: 'check-family';
  readonly id: string;
  readonly checks: readonly CheckUnit[];
}

export function defineCheckFamily<V, C = Record<string, unknown>, P = Record<string, never>>(spec: {
  id: string;
  variants: readonly V[];
  check: (variant: V) => CheckSpec<C, P>;
}): CheckFamilyUnit {
  const checks = spec.variants.map((v) => Object.freeze({ ...spec.check(v), kind: 'check' as const, family: spec.id }));
  return Object.freeze({ kind: 'check-family' as const, id: spec.id, checks });
}
