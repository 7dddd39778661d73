import { memoryGraph } from '../../../core/resource.js';
import type { CheckStatus } from '../../../core/status.js';
import type { CheckUnit } from '../../../core/units/check.js';
import type { Store } from '../../../store/index.js';
import { evaluateCheck } from './evaluate.js';

export interface ExampleResult {
  example: string;
  expected: CheckStatus;
  got: CheckStatus;
  ok: boolean;
  detail: string | null;
}

/** Runs a check against its own examples (fixtures), the way the contract test runs a unit's. */
export function testExamples(check: CheckUnit, now = new Date()): ExampleResult[] {
  return check.fixtures.map((f) => {
    const resource = {
      id: `example:${check.id}`,
      type: check.resourceType,
      provider: check.provider,
      account: '123456789012',
      region: 'us-east-1',
      name: f.name,
      tags: {},
      ...f.resource,
    };
    const params = check.params ? check.params.parse(f.params ?? {}) : {};
    const graph = memoryGraph([resource, ...(f.related?.resources ?? [])], f.related?.edges ?? []);
    const o = evaluateCheck(check, resource, { params, graph, now: f.now ? new Date(f.now) : now });
    return { example: f.name, expected: f.expect, got: o.status, ok: o.status === f.expect, detail: o.message ?? o.reason ?? null };
  });
}

/** Runs a check over the inventory's resources of its type without recording anything. */
export async function testOnInventory(
  store: Store,
  check: CheckUnit,
  opts: { account?: string; limit?: number; now?: Date } = {},
): Promise<{ resourceId: string; account: string; status: CheckStatus; detail: string | null }[]> {
  const out: { resourceId: string; account: string; status: CheckStatus; detail: string | null }[] = [];
  const params = check.params ? check.params.parse({}) : {};
  for await (const batch of store.resources.stream({ type: check.resourceType, ...(opts.account && { account: opts.account }) })) {
    const graph = memoryGraph(batch);
    for (const r of batch) {
      const o = evaluateCheck(check, r, { params, graph, now: opts.now ?? new Date() });
      out.push({ resourceId: r.id, account: r.account, status: o.status, detail: o.message ?? o.reason ?? null });
      if (out.length >= (opts.limit ?? 10_000)) return out;
    }
  }
  return out;
}
