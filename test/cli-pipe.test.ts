import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/skywatch.js');
const sh = (script: string) => promisify(execFile)('sh', ['-c', script], { maxBuffer: 16 * 1024 * 1024 });
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

describe('bin/skywatch.js writing into a pipe', () => {
  const home = mkdtempSync(join(tmpdir(), 'sw-pipe-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  // `checks list --format json` is ~180 KB. A pipe (a real one, as a shell makes: Node's own child
  // pipes are sockets with larger buffers) takes 64 KB of one write and Node queues the rest, so
  // exiting as soon as the command returned cut the output there: invalid JSON for `| jq`.
  it('exits only after everything it printed has gone into the pipe', async () => {
    const cli = `${quote(process.execPath)} --max-semi-space-size=32 ${quote(BIN)} --home ${quote(home)} checks list --format json`;
    const { stdout } = await sh(`${cli} | cat`);
    expect(stdout.length).toBeGreaterThan(128 * 1024);
    const checks = JSON.parse(stdout) as { id: string }[];
    expect(checks.length).toBeGreaterThanOrEqual(238);
    // A reader that leaves early does not keep the CLI waiting (the pipeline ends; the test would time out).
    const { stdout: early } = await sh(`${cli} | head -c 10; echo; echo ended`);
    expect(early).toMatch(/^\[\n {2}{\n {4}\nended\n$/);
  }, 60_000);
});
