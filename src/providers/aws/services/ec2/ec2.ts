import { EC2Client, type Filter, type Tag } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import type { ResourceRecord } from '../../../../core/resource.js';
import { configOf, ec2Arn, flatTags, idsFrom, record, type Where } from '../common.js';

/** Shared by the EC2 collectors: the client, targeted-refresh filters and the record shape. */
export const ec2 = (ctx: CollectContext): EC2Client => ctx.client(EC2Client);

/** Tags live on every EC2 resource, so a tag change re-collects whatever type carries the id. */
export const TAG_TRIGGERS = ['CreateTags', 'DeleteTags'] as const;

/** Refresh by filter rather than by id list: a filter never fails on an id that no longer exists. */
export function idFilter(name: string, ids: readonly string[]): Filter[] {
  return [{ Name: name, Values: idsFrom(ids) }];
}

/** An EC2 resource: ARN `arn:…:ec2:<region>:<account>:<kind>/<id>`, name from the Name tag. */
export function ec2Record(
  ctx: Where,
  type: string,
  kind: string,
  id: string,
  raw: object & { Tags?: Tag[] | undefined },
  hydrated: Readonly<Record<string, unknown>> = {},
  tags: Tag[] | undefined = raw.Tags,
): ResourceRecord {
  return record(ctx, { type, id: ec2Arn(ctx, kind, id), name: id, tags: flatTags(tags), config: configOf(raw, hydrated) });
}

/** AMIs and snapshots have no account in their ARN (`arn:aws:ec2:<region>::image/ami-…`). */
export function imageArn(ctx: Where, imageId: string | undefined): string | undefined {
  return imageId ? `arn:${ctx.partition}:ec2:${ctx.region}::image/${imageId}` : undefined;
}

export function snapshotArn(ctx: Where, snapshotId: string | undefined): string | undefined {
  return snapshotId ? `arn:${ctx.partition}:ec2:${ctx.region}::snapshot/${snapshotId}` : undefined;
}
