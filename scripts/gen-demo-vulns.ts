/** Writes the demo's scanner outputs (demo/vulns/) from src/demo/vulns-data.ts: deterministic. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoInspectorFindings, demoTrivyMongoReport } from '../src/demo/vulns-data.js';

const dir = resolve(import.meta.dirname, '../demo/vulns');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'trivy-mongo-host.json'), `${JSON.stringify(demoTrivyMongoReport(), null, 2)}\n`);
writeFileSync(join(dir, 'inspector-findings.json'), `${JSON.stringify(demoInspectorFindings(), null, 2)}\n`);
console.log(`wrote ${dir}`);
