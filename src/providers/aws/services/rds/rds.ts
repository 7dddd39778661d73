import { RDSClient, type Tag } from '@aws-sdk/client-rds';
import type { ResourceRecord } from '../../../../core/resource.js';
import type { CollectContext } from '../../../../core/units/collector.js';
import { configOf, flatTags, idsFrom, record, type Where } from '../common.js';

export const rds = (ctx: CollectContext): RDSClient => ctx.client(RDSClient);

/** RDS Describe calls take ARNs or identifiers in their id filters, so refresh passes either. */
export const idFilter = (name: string, ids: readonly string[]) => [{ Name: name, Values: ids.map((i) => (i.startsWith('arn:') ? i : (idsFrom([i])[0] ?? i))) }];

export const RDS_TAG_TRIGGERS = ['AddTagsToResource', 'RemoveTagsFromResource'] as const;

export function rdsRecord(
  ctx: Where,
  type: string,
  id: string | undefined,
  name: string | undefined,
  raw: object & { TagList?: Tag[] | undefined },
  hydrated: Readonly<Record<string, unknown>>,
): ResourceRecord {
  return record(ctx, { type, id: id ?? '', name, tags: flatTags(raw.TagList), config: configOf(raw, hydrated) });
}
