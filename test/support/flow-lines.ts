import type { FlowBatch } from '../../src/engine/network/flow-batch.js';

/** Feeds `lines` to the batch one line at a time, as the ingest's splitter does, then finishes it. */
export function feedLines(batch: FlowBatch, lines: readonly string[]): void {
  const buf = Buffer.from(lines.join('\n'), 'latin1');
  let s = 0;
  let n = 0;
  for (let i = 0; i <= buf.length; i++)
    if (i === buf.length || buf[i] === 10) {
      batch.add(buf, s, i, ++n);
      s = i + 1;
    }
  batch.finish();
}
