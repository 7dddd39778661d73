import { type Bucket, GetBucketLocationCommand, paginateListBuckets, S3Client } from '@aws-sdk/client-s3';
import type { CollectContext } from '../../../../core/units/collector.js';
import { itemsOf } from '../common.js';

export const s3 = (ctx: CollectContext): S3Client => ctx.client(S3Client);

/** A ListBuckets item with the bucket's region, as the resource model stores it. */
export type BucketItem = Bucket & { Region: string };

/** GetBucketLocation answers '' / null for us-east-1 and the legacy 'EU' for eu-west-1. */
export function regionOfLocation(loc: string | undefined | null): string {
  if (!loc) return 'us-east-1';
  return loc === 'EU' ? 'eu-west-1' : loc;
}

/**
 * The buckets that live in the context's region. S3 lists every bucket from any region, but a
 * bucket's configuration must be read from its own region, so the collector runs per region and
 * keeps its region's buckets (ListBuckets filters by BucketRegion; endpoints that ignore the filter
 * or omit BucketRegion are answered by GetBucketLocation).
 */
export async function* bucketsInRegion(ctx: CollectContext, names?: ReadonlySet<string>): AsyncIterable<BucketItem> {
  const pages = paginateListBuckets({ client: s3(ctx) }, { BucketRegion: ctx.region });
  for await (const b of itemsOf(pages, (p) => p.Buckets)) {
    if (!b.Name || (names && !names.has(b.Name))) continue;
    const region = b.BucketRegion ?? regionOfLocation((await s3(ctx).send(new GetBucketLocationCommand({ Bucket: b.Name }))).LocationConstraint);
    if (region === ctx.region) yield { ...b, Region: region };
  }
}
