import { IAMClient, type Tag } from '@aws-sdk/client-iam';
import type { ResourceRecord } from '../../../../core/resource.js';
import type { CollectContext } from '../../../../core/units/collector.js';
import { configOf, flatTags, idsFrom, orNull, parsePolicy, record, type Where } from '../common.js';

export const iam = (ctx: CollectContext): IAMClient => ctx.client(IAMClient);

/** `arn:<p>:iam::<account>:<resource>`: IAM ARNs have no region. */
export const iamArn = (ctx: Where, resource: string): string => `arn:${ctx.partition}:iam::${ctx.account}:${resource}`;

/** An IAM resource: its own Arn, region `global`, tags from the `tags` hydrator (List* calls omit them). */
export function iamRecord(
  ctx: Where,
  type: string,
  raw: object & { Arn?: string | undefined },
  name: string | undefined,
  hydrated: Readonly<Record<string, unknown>>,
): ResourceRecord {
  return record(ctx, {
    type,
    id: raw.Arn ?? '',
    name,
    region: 'global',
    tags: flatTags(hydrated.tags as Tag[] | null | undefined),
    config: configOf(raw, hydrated),
  });
}

/** Inline policies: names from the List call, each document from the Get call, parsed. */
export async function inlinePolicies(
  names: readonly string[],
  get: (name: string) => Promise<{ PolicyDocument?: string | undefined }>,
): Promise<{ PolicyName: string; PolicyDocument: unknown }[]> {
  const out: { PolicyName: string; PolicyDocument: unknown }[] = [];
  for (const PolicyName of names) out.push({ PolicyName, PolicyDocument: parsePolicy((await get(PolicyName)).PolicyDocument) });
  return out;
}

/** Targeted refresh by name: a Get per name; one deleted in the meantime is simply not yielded. */
export async function* getEach<T>(ids: readonly string[], get: (name: string) => Promise<T | undefined>): AsyncIterable<T> {
  for (const name of idsFrom(ids)) {
    const item = await orNull(() => get(name));
    if (item) yield item;
  }
}
