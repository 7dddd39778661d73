import type { ZodType } from 'zod';
import type { Severity } from '../severity.js';
import type { AlertStatus } from '../status.js';

/** What every integration receives: one alert, already in context, with a stable idempotency key. */
export interface AlertPayload {
  id: string;
  dedupKey: string;
  idempotencyKey: string;
  title: string;
  severity: Severity;
  riskScore: number;
  factors: string[];
  status: AlertStatus;
  owner?: { name: string; email?: string; slack?: string; jira?: string; why?: string };
  resources: { id: string; type: string; account: string; region: string; name: string }[];
  findings: { id: string; ruleId: string; title: string; severity: Severity }[];
  firstSeen: string;
  lastSeen: string;
  url?: string;
}

export interface IntegrationContext<O, S> {
  options: O;
  credentials: S;
  /** The HTTP client to use: validated against outbound URL policy, timeouts set. */
  fetch: typeof fetch;
  signal?: AbortSignal;
  /** Applies the outbound policy to a host an integration reaches without fetch (SMTP, AWS endpoint overrides). */
  checkHost?(host: string): Promise<void>;
}

export interface DeliveryResult {
  /** The ticket, incident or message id in the other system, kept for update and close. */
  externalId?: string;
  url?: string;
}

export interface IntegrationSpec<O, S> {
  id: string;
  version: number;
  title: string;
  category: 'chat' | 'ticketing' | 'paging' | 'webhook' | 'email' | 'cloud' | 'export';
  options: ZodType<O>;
  credentials: ZodType<S>;
  /** A real connection test: reaches the other side and proves the credentials work. */
  test(ctx: IntegrationContext<O, S>): Promise<void>;
  send(alert: AlertPayload, ctx: IntegrationContext<O, S>): Promise<DeliveryResult>;
  update?(alert: AlertPayload, externalId: string, ctx: IntegrationContext<O, S>): Promise<DeliveryResult>;
  close?(alert: AlertPayload, externalId: string, ctx: IntegrationContext<O, S>): Promise<void>;
}

export interface IntegrationUnit<O = any, S = any> extends IntegrationSpec<O, S> {
  readonly kind: 'integration';
}

export function defineIntegration<O, S>(spec: IntegrationSpec<O, S>): IntegrationUnit<O, S> {
  return Object.freeze({ ...spec, kind: 'integration' as const });
}
