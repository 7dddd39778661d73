import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Lister } from './ingest.js';

/** Lists keys under a prefix (in key order, paginated) and streams objects: flow and resolver logs on S3. */
export function s3Lister(client: S3Client): S3Lister {
  return {
    async *list(bucket, prefix) {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token && { ContinuationToken: token }) }));
        for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) yield o.Key;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async get(bucket, key) {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!r.Body) throw new Error(`s3://${bucket}/${key} has no body`);
      return r.Body as Readable;
    },
  };
}
