import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../json.js';
import type { Database } from '../schema.js';
import { nonEmpty } from './page.js';

/** Exposure analysis results (`engine/context/exposure`): one row per analysed resource. */
export interface StoredExposure {
  resourceId: string;
  resourceType: string;
  account: string;
  region: string;
  internet: boolean;
  ports: { protocol: string; from: number; to: number; sources: string[] }[];
  paths: { via: string; ports: string; hops: { kind: string; id: string; detail: string }[] }[];
  notes: string[];
  computedAt: string;
}

/** Application profiles (`engine/context/apps`): one row per resource × application. */
export interface StoredApplication {
  resourceId: string;
  resourceType: string;
  app: string;
  version: string | null;
  confidence: 'high' | 'medium' | 'low';
  ports: number[];
  evidence: { source: string; detail: string }[];
  computedAt: string;
}

export class ExposuresRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces every result: exposure is recomputed over the whole inventory snapshot. */
  async replaceAll(rows: readonly StoredExposure[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('exposures').execute();
      for (let i = 0; i < rows.length; i += 200) {
        await tx
          .insertInto('exposures')
          .values(
            rows.slice(i, i + 200).map((r) => ({
              resource_id: r.resourceId,
              resource_type: r.resourceType,
              account: r.account,
              region: r.region,
              internet: r.internet ? 1 : 0,
              ports: toJson(r.ports),
              paths: toJson(r.paths),
              notes: toJson(r.notes),
              computed_at: r.computedAt,
            })),
          )
          .execute();
      }
    });
  }

  async get(resourceId: string): Promise<StoredExposure | undefined> {
    const r = await this.db.selectFrom('exposures').selectAll().where('resource_id', '=', resourceId).executeTakeFirst();
    return r && expFromRow(r);
  }

  async list(filter: { internet?: boolean; resourceIds?: readonly string[] } = {}): Promise<StoredExposure[]> {
    let q = this.db.selectFrom('exposures').selectAll();
    if (filter.internet !== undefined) q = q.where('internet', '=', filter.internet ? 1 : 0);
    if (filter.resourceIds) q = q.where('resource_id', 'in', nonEmpty(filter.resourceIds));
    return (await q.orderBy('resource_id').execute()).map(expFromRow);
  }
}

function expFromRow(r: Database['exposures']): StoredExposure {
  return {
    resourceId: r.resource_id,
    resourceType: r.resource_type,
    account: r.account,
    region: r.region,
    internet: Number(r.internet) === 1,
    ports: fromJson(r.ports, []),
    paths: fromJson(r.paths, []),
    notes: fromJson(r.notes, []),
    computedAt: r.computed_at,
  };
}

export class ApplicationsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async replaceAll(rows: readonly StoredApplication[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('applications').execute();
      for (let i = 0; i < rows.length; i += 200) {
        await tx
          .insertInto('applications')
          .values(
            rows.slice(i, i + 200).map((r) => ({
              resource_id: r.resourceId,
              app: r.app,
              resource_type: r.resourceType,
              version: r.version,
              confidence: r.confidence,
              ports: toJson(r.ports),
              evidence: toJson(r.evidence),
              computed_at: r.computedAt,
            })),
          )
          .execute();
      }
    });
  }

  async list(filter: { app?: string; resourceId?: string } = {}): Promise<StoredApplication[]> {
    let q = this.db.selectFrom('applications').selectAll();
    if (filter.app) q = q.where('app', '=', filter.app);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    const rows = await q.orderBy('resource_id').orderBy('app').execute();
    return rows.map((r) => ({
      resourceId: r.resource_id,
      resourceType: r.resource_type,
      app: r.app,
      version: r.version,
      confidence: r.confidence as StoredApplication['confidence'],
      ports: fromJson(r.ports, []),
      evidence: fromJson(r.evidence, []),
      computedAt: r.computed_at,
    }));
  }
}
