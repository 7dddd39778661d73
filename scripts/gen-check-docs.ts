/**
 * Writes docs/check-library.md from the checks' own metadata (see src/providers/aws/check-docs.ts).
 *
 *   npx tsx scripts/gen-check-docs.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { flattenChecks } from '../src/core/units/registry.js';
import { registry } from '../src/generated/registry.js';
import { renderCheckLibrary } from '../src/providers/aws/check-docs.js';

const out = join(resolve(import.meta.dirname, '..'), 'docs/check-library.md');
const md = renderCheckLibrary(flattenChecks(registry.checks));

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {}
  if (current !== md) {
    console.error('docs/check-library.md is stale: run `npx tsx scripts/gen-check-docs.ts`');
    process.exit(1);
  }
} else {
  writeFileSync(out, md);
  console.log(`wrote ${out}`);
}
