import type { Provider } from './status.js';

/**
 * A normalised cloud resource as the inventory keeps it. `id` is the ARN (or the provider's
 * globally unique id where there is no ARN) so the same resource seen from two scans, or named in an
 * audit-log event, resolves to the same row.
 */
export interface ResourceRecord<C = Record<string, unknown>> {
  id: string;
  type: string;
  provider: Provider;
  account: string;
  /** `global` for services without regions (IAM, Organizations, CloudFront, Route 53). */
  region: string;
  name: string;
  arn?: string;
  tags: Record<string, string>;
  config: C;
}

/** A typed relationship: `aws.ec2.instance` --uses-security-group--> `aws.ec2.security-group`. */
export interface EdgeRecord {
  from: string;
  to: string;
  kind: string;
}

/** Read-only view of the inventory graph that graph-scoped checks and context rules receive. */
export interface GraphView {
  get(id: string): ResourceRecord | undefined;
  /** Resources reached by edges from (`out`) or to (`in`) the given one, optionally of one edge kind. */
  neighbours(id: string, opts?: { kind?: string; direction?: 'out' | 'in' | 'both' }): ResourceRecord[];
  byType(type: string, where?: { account?: string; region?: string }): ResourceRecord[];
}

/** A graph built in memory from records: used by fixtures, tests and small inventories. */
export function memoryGraph(resources: readonly ResourceRecord[], edges: readonly EdgeRecord[] = []): GraphView {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const out = new Map<string, EdgeRecord[]>();
  const inn = new Map<string, EdgeRecord[]>();
  for (const e of edges) {
    (out.get(e.from) ?? out.set(e.from, []).get(e.from))?.push(e);
    (inn.get(e.to) ?? inn.set(e.to, []).get(e.to))?.push(e);
  }
  return {
    get: (id) => byId.get(id),
    neighbours(id, opts = {}) {
      const dir = opts.direction ?? 'both';
      const found: ResourceRecord[] = [];
      const take = (list: EdgeRecord[] | undefined, pick: (e: EdgeRecord) => string) => {
        for (const e of list ?? []) {
          if (opts.kind && e.kind !== opts.kind) continue;
          const r = byId.get(pick(e));
          if (r) found.push(r);
        }
      };
      if (dir !== 'in') take(out.get(id), (e) => e.to);
      if (dir !== 'out') take(inn.get(id), (e) => e.from);
      return found;
    },
    byType(type, where = {}) {
      return resources.filter(
        (r) => r.type === type && (where.account === undefined || r.account === where.account) && (where.region === undefined || r.region === where.region),
      );
    },
  };
}
