import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEMO_FLOW_HEADER, demoNetworkLogs, flowLine } from '../../demo/network-traffic.js';
import { openStore } from '../../store/index.js';
import { ingestFlowLogs } from './ingest.js';

/**
 * Lines cut by read-chunk boundaries (anywhere: mid-field, at the newline, at a CR, a line longer
 * than a chunk) must read as the same lines with the same numbers as one whole read.
 */
async function ingestChunked(text: string, size: number) {
  const store = await openStore({ sqliteFile: ':memory:' });
  try {
    const bytes = Buffer.from(text, 'latin1');
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
    const r = await ingestFlowLogs(['s3://b/p/'], {
      store,
      checkpoint: false,
      s3: {
        async *list() {
          yield 'x.log';
        },
        get: async () => Readable.from(parts),
      },
    });
    const findings = (await store.findings.list({ source: 'network' }, { limit: 1000 })).items.map((f) => [f.dedupKey, f.title, f.evidence]);
    const { durationMs: _d, stageMs: _s, storeMs: _m, ...counts } = r;
    return { counts, findings: findings.sort((a, b) => String(a[0]).localeCompare(String(b[0]))) };
  } finally {
    await store.close();
  }
}

describe('line splitting across read chunks', () => {
  it('gives the same records, errors (with line numbers) and findings whatever the chunk size', async () => {
    const { flows } = demoNetworkLogs();
    const lines = [DEMO_FLOW_HEADER, ...flows.slice(0, 400).map(flowLine)];
    lines.splice(10, 0, 'not a flow record');
    lines.splice(200, 0, `${flows[0] ? flowLine(flows[0]) : ''} extra`);
    // CRLF endings on some lines, and no newline after the last.
    const text = lines.map((l, i) => (i % 7 === 3 ? `${l}\r` : l)).join('\n');
    const whole = await ingestChunked(text, text.length + 1);
    expect(whole.counts.errors).toBeGreaterThanOrEqual(2);
    expect(whole.counts.errorSample.join('\n')).toMatch(/x\.log:11: /);
    expect(whole.counts.records).toBeGreaterThan(390);
    for (const size of [1, 2, 7, 100, 4096]) expect(await ingestChunked(text, size)).toEqual(whole);
  });
});
