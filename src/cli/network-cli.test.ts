import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testData } from '../../test/support/stores.js';
import { runCli } from './main.js';

async function cli(home: string, ...args: string[]) {
  let out = '';
  let err = '';
  // Commands signal failure through process.exitCode (as doctor does): reset it between runs.
  process.exitCode = undefined;
  const code = await runCli(['--home', home, '--log-level', 'silent', ...args], { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

afterAll(() => {
  process.exitCode = undefined;
});

describe('intel, ingest and network commands', () => {
  it('adds feeds, refuses metadata URLs, looks up, ingests flow logs with a bad line, lists ports and errors', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sw-net-cli-'));
    expect((await cli(home, 'intel', 'add', 'tor', '--file', testData('tor-exit-nodes/tor-exit-nodes.lst'), '--format', 'tor')).code).toBe(0);
    const bad = await cli(home, 'intel', 'add', 'meta', '--url', 'http://169.254.169.254/latest', '--format', 'plain');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/metadata address/);
    const empty = join(home, 'empty.txt');
    writeFileSync(empty, '# nothing\n');
    const r = await cli(home, 'intel', 'add', 'empty', '--file', empty, '--format', 'plain');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no indicators/);
    const list = JSON.parse((await cli(home, 'intel', 'list', '--format', 'json')).out) as { name: string; status: string; indicators: number }[];
    expect(list.map((f) => [f.name, f.status, f.indicators])).toEqual([
      ['empty', 'error', 0],
      ['tor', 'ok', 1746],
    ]);
    const hit = await cli(home, 'intel', 'lookup', '101.99.92.179', '--format', 'json');
    expect(JSON.parse(hit.out)[0]).toMatchObject({ feed: 'tor', category: 'tor' });
    expect((await cli(home, 'intel', 'lookup', '192.0.2.1')).code).toBe(1);

    const logs = join(home, 'flows.log');
    writeFileSync(logs, '2 123456789012 eni-1 101.99.92.179 10.0.0.5 50000 22 6 10 900 1700000000 1700000060 ACCEPT OK\nnot a flow\n');
    const ing = await cli(home, 'ingest', 'flowlogs', logs, '--no-geo', '--format', 'json');
    expect(ing.code).toBe(0);
    expect(JSON.parse(ing.out)[0]).toMatchObject({ kind: 'flowlogs', records: 1, errors: 1, findingsCreated: 2 });
    const errs = JSON.parse((await cli(home, 'network', 'errors', '--format', 'json')).out);
    expect(errs[0]).toMatchObject({ kind: 'flowlogs', location: logs, line: 2 });
    const ports = JSON.parse((await cli(home, 'network', 'ports', '--format', 'json')).out);
    expect(ports[0]).toMatchObject({ resourceId: 'arn:aws:ec2:unknown:123456789012:network-interface/eni-1', port: 22, direction: 'inbound', flows: 1 });
  });
});
