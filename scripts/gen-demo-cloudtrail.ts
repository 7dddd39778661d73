/**
 * Writes the demo CloudTrail stream (`demo/cloudtrail/`, S3 delivery layout, .json.gz) from the
 * deterministic generator in src/demo/cloudtrail.ts. Run `npx tsx scripts/gen-demo-cloudtrail.ts`
 * after changing the story; the output is committed and byte-for-byte reproducible.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateDemoCloudTrail } from '../src/demo/cloudtrail.js';

const out = resolve(import.meta.dirname, '../demo/cloudtrail');
rmSync(out, { recursive: true, force: true });
let events = 0;
let bytes = 0;
const files = generateDemoCloudTrail();
for (const f of files) {
  const file = join(out, f.path);
  mkdirSync(dirname(file), { recursive: true });
  // gzip from zlib writes no timestamp, so the bytes depend on the records only.
  const gz = gzipSync(JSON.stringify({ Records: f.records }), { level: 9 });
  writeFileSync(file, gz);
  events += f.records.length;
  bytes += gz.length;
}
console.log(`wrote ${files.length} files, ${events} events, ${(bytes / 1024).toFixed(0)} KiB under ${out}`);
