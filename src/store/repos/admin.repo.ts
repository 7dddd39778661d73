import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import type { DeliveryStatus, Role } from '../../core/status.js';
import { fromJson, toJson } from '../json.js';
import type { Database } from '../schema.js';

/** Suppression match: AND within one rule, OR across rules (the engine evaluates; the store keeps). */
export interface SuppressionMatch {
  checkIds?: string[];
  accounts?: string[];
  regions?: string[];
  resourceIds?: string[];
  arnGlobs?: string[];
  tags?: Record<string, string>;
}

export interface Suppression {
  id: string;
  match: SuppressionMatch;
  reason: string;
  owner: string | null;
  author: string;
  createdAt: string;
  expiresAt: string | null;
}

export class SuppressionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(s: Omit<Suppression, 'id' | 'createdAt'>, at = new Date().toISOString()): Promise<Suppression> {
    const row = { ...s, id: newId('sup'), createdAt: at };
    await this.db
      .insertInto('suppressions')
      .values({ id: row.id, match: toJson(s.match), reason: s.reason, owner: s.owner, author: s.author, created_at: at, expires_at: s.expiresAt })
      .execute();
    return row;
  }

  async list(opts: { activeAt?: string } = {}): Promise<Suppression[]> {
    let q = this.db.selectFrom('suppressions').selectAll();
    if (opts.activeAt) {
      const at = opts.activeAt;
      q = q.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]));
    }
    const rows = await q.orderBy('created_at').execute();
    return rows.map((r) => ({
      id: r.id,
      match: fromJson(r.match, {}),
      reason: r.reason,
      owner: r.owner,
      author: r.author,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  /** Ends a rule now but keeps it, so the list still shows what was accepted, by whom, until when. */
  async expire(id: string, at = new Date().toISOString()): Promise<boolean> {
    const r = await this.db.updateTable('suppressions').set({ expires_at: at }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('suppressions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

export interface IntegrationRecord {
  id: string;
  name: string;
  type: string;
  version: number;
  options: Record<string, unknown>;
  /** Sealed credentials (see secrets.ts); only the delivery worker opens them. */
  secret: string | null;
  enabled: boolean;
}

export class IntegrationsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(i: Omit<IntegrationRecord, 'id'>, at = new Date().toISOString()): Promise<IntegrationRecord> {
    const id = newId('int');
    await this.db
      .insertInto('integrations')
      .values({
        id,
        name: i.name,
        type: i.type,
        version: i.version,
        options: toJson(i.options),
        secret: i.secret,
        enabled: i.enabled ? 1 : 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return { ...i, id };
  }

  async list(): Promise<IntegrationRecord[]> {
    const rows = await this.db.selectFrom('integrations').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      version: r.version,
      options: fromJson(r.options, {}),
      secret: r.secret,
      enabled: r.enabled === 1,
    }));
  }

  async get(id: string): Promise<IntegrationRecord | undefined> {
    return (await this.list()).find((i) => i.id === id);
  }

  async byName(name: string): Promise<IntegrationRecord | undefined> {
    return (await this.list()).find((i) => i.name === name);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('integrations').where('id', '=', id).execute();
  }

  async update(id: string, patch: Partial<Omit<IntegrationRecord, 'id' | 'name'>>, at = new Date().toISOString()): Promise<void> {
    await this.db
      .updateTable('integrations')
      .set({
        ...(patch.type !== undefined && { type: patch.type }),
        ...(patch.version !== undefined && { version: patch.version }),
        ...(patch.options !== undefined && { options: toJson(patch.options) }),
        ...(patch.secret !== undefined && { secret: patch.secret }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }
}

export interface Delivery {
  id: string;
  integrationId: string;
  alertId: string;
  idempotencyKey: string;
  action: string;
  status: DeliveryStatus;
  attempts: number;
  externalId: string | null;
  lastError: string | null;
}

export class DeliveriesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the delivery unless one with the same idempotency key exists; returns the stored one. */
  async ensure(d: Pick<Delivery, 'integrationId' | 'alertId' | 'idempotencyKey' | 'action'>): Promise<Delivery> {
    const at = new Date().toISOString();
    await this.db
      .insertInto('deliveries')
      .values({
        id: newId('dlv'),
        integration_id: d.integrationId,
        alert_id: d.alertId,
        idempotency_key: d.idempotencyKey,
        action: d.action,
        status: 'pending',
        attempts: 0,
        external_id: null,
        last_error: null,
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    const r = await this.db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', d.idempotencyKey).executeTakeFirstOrThrow();
    return toDelivery(r);
  }

  async update(
    id: string,
    patch: Partial<Pick<Delivery, 'status' | 'attempts' | 'externalId' | 'lastError'>> & { nextAttemptAt?: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({
        ...(patch.status && { status: patch.status }),
        ...(patch.attempts !== undefined && { attempts: patch.attempts }),
        ...(patch.externalId !== undefined && { external_id: patch.externalId }),
        ...(patch.lastError !== undefined && { last_error: patch.lastError }),
        ...(patch.nextAttemptAt !== undefined && { next_attempt_at: patch.nextAttemptAt }),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<Delivery | undefined> {
    const r = await this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toDelivery(r);
  }

  /** Deliveries by status (dead letters: `dead`), newest first. */
  async list(
    filter: { status?: DeliveryStatus; integrationId?: string; limit?: number } = {},
  ): Promise<(Delivery & { createdAt: string; updatedAt: string })[]> {
    let q = this.db.selectFrom('deliveries').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.integrationId) q = q.where('integration_id', '=', filter.integrationId);
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 200)
      .execute();
    return rows.map((r) => ({ ...toDelivery(r), createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  async forAlert(alertId: string): Promise<Delivery[]> {
    const rows = await this.db.selectFrom('deliveries').selectAll().where('alert_id', '=', alertId).orderBy('created_at').execute();
    return rows.map(toDelivery);
  }
}

function toDelivery(r: Database['deliveries']): Delivery {
  return {
    id: r.id,
    integrationId: r.integration_id,
    alertId: r.alert_id,
    idempotencyKey: r.idempotency_key,
    action: r.action,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    externalId: r.external_id,
    lastError: r.last_error,
  };
}

export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  /** Empty means all accounts; otherwise the accounts (or teams) this user may see. */
  scope: { accounts?: string[]; teams?: string[] };
  disabled: boolean;
}

export interface Token {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  scope: { role?: Role; accounts?: string[] };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class UsersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(u: Omit<User, 'id' | 'disabled'>): Promise<User> {
    const id = newId('usr');
    await this.db
      .insertInto('users')
      .values({
        id,
        username: u.username,
        password_hash: u.passwordHash,
        role: u.role,
        scope: toJson(u.scope),
        disabled: 0,
        created_at: new Date().toISOString(),
      })
      .execute();
    return { ...u, id, disabled: false };
  }

  async byUsername(username: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r && toUser(r);
  }

  async get(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async createToken(t: Omit<Token, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<Token> {
    const token: Token = { ...t, id: newId('tok'), createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null };
    await this.db
      .insertInto('tokens')
      .values({
        id: token.id,
        user_id: t.userId,
        name: t.name,
        token_hash: t.tokenHash,
        scope: toJson(t.scope),
        created_at: token.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    return token;
  }

  async tokenByHash(hash: string): Promise<Token | undefined> {
    const r = await this.db.selectFrom('tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    return (
      r && {
        id: r.id,
        userId: r.user_id,
        name: r.name,
        tokenHash: r.token_hash,
        scope: fromJson(r.scope, {}),
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }
    );
  }

  async tokensOf(userId: string): Promise<Omit<Token, 'tokenHash'>[]> {
    const rows = await this.db.selectFrom('tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      name: r.name,
      scope: fromJson(r.scope, {}),
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revokeToken(id: string): Promise<void> {
    await this.db.updateTable('tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).execute();
  }
}

function toUser(r: Database['users']): User {
  return { id: r.id, username: r.username, passwordHash: r.password_hash, role: r.role as Role, scope: fromJson(r.scope, {}), disabled: r.disabled === 1 };
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async record(actor: string, action: string, target: string | null, details: Record<string, unknown> = {}): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ id: newId('aud'), at: new Date().toISOString(), actor, action, target, details: toJson(details) })
      .execute();
  }

  async list(filter: { action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (filter.action) q = q.where('action', '=', filter.action);
    const rows = await q
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 200)
      .execute();
    return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, details: fromJson(r.details, {}) }));
  }
}

export class CheckpointsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get<T>(key: string): Promise<T | undefined> {
    const r = await this.db.selectFrom('checkpoints').select('value').where('key', '=', key).executeTakeFirst();
    return r ? fromJson<T | undefined>(r.value, undefined) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const at = new Date().toISOString();
    await this.db
      .insertInto('checkpoints')
      .values({ key, value: toJson(value), updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: toJson(value), updated_at: at }))
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('checkpoints').where('key', '=', key).execute();
  }
}
