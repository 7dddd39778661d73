/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all when none is named) and prints one JSON
 * object per benchmark on stdout. Figures come from here, never from timed tests.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchResult {
  name: string;
  [figure: string]: unknown;
}

const dir = import.meta.dirname;
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !available.includes(a));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of asked.length ? asked : available) {
  const mod = (await import(join(dir, `${name}.bench.ts`))) as { run(args: string[]): Promise<BenchResult> };
  const result = await mod.run(process.argv.slice(2));
  console.log(JSON.stringify(result));
}
