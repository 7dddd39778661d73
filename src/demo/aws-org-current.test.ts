import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_AWS_DIR, generateAwsOrg } from './generate-aws-org.js';

/** Every file below `dir`, as paths relative to it, sorted. */
function filesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

// The demo and its tests replay the checked-in recording, not the world it was made from: a change
// to a collector or to the demo world that is not regenerated would leave the demo showing what the
// code no longer does. Like `npm run gen:check` for the registries, this holds the two together.
describe('demo/aws-org', () => {
  it('is what `npm run gen:demo` makes from this tree (regenerate it when this fails)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-demo-current-'));
    try {
      await generateAwsOrg({ outDir: dir });
      const made = filesBelow(dir);
      expect(filesBelow(DEMO_AWS_DIR), 'the recording files (run npm run gen:demo)').toEqual(made);
      const differ = made.filter((f) => readFileSync(join(dir, f), 'utf8') !== readFileSync(join(DEMO_AWS_DIR, f), 'utf8'));
      expect(differ, 'recording files whose content differs (run npm run gen:demo)').toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
