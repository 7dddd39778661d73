import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../demo/story.js';
import { openStore } from '../../store/index.js';
import { alertsStage } from './demo-stage.js';

describe('demo alerts stage', () => {
  it('tells the story: open database group + malicious traffic ⇒ critical, owner Bob, delivered and verified', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sw-demo-alerts-'));
    const store = await openStore({ home });
    try {
      const r = await alertsStage.run({ store, log: pino({ level: 'silent' }), home, demoDir: '', facts: new Map() });
      const text = r.summary.join('\n');
      const top = r.summary.findIndex((l) => l.startsWith('top alerts'));
      expect(r.summary[top + 1]).toMatch(/^\[critical \d+\] Database security group open to the internet, and a malicious address got in/);
      expect(r.summary[top + 2]).toContain('owner: Bob <bob@acme.example>');
      expect(text).toContain(`accepted traffic from ${DEMO.maliciousIp}, listed by 8 feeds`);
      const delivered = /delivered (\d+)\/(\d+) .* \((\d+) signatures verified\)/.exec(text);
      expect(delivered?.[1]).toBe(delivered?.[2]);
      expect(delivered?.[3]).toBe(delivered?.[1]);
    } finally {
      await store.close();
    }
  });
});
