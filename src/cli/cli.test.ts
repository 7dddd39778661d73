import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandModules } from '../generated/commands.js';
import { commandsFor, runCli } from './main.js';
import { render } from './output.js';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const home = mkdtempSync(join(tmpdir(), 'sw-cli-'));
  const code = await runCli(['--home', home, '--log-level', 'silent', ...args], {
    env: { ...env },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err, home };
}

describe('skywatch CLI', () => {
  it('lists its commands in --help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['doctor', 'serve', 'worker', 'demo']) expect(r.out).toContain(c);
  });

  it('exits non-zero naming an unknown command, flag or bad value', async () => {
    const a = await cli(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.err).toContain("unknown command 'frobnicate'");
    const b = await cli(['doctor', '--frob']);
    expect(b.code).toBe(2);
    expect(b.err).toContain("unknown option '--frob'");
    const c = await cli(['doctor', '--format', 'xml']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--format.*xml/);
    const d = await cli(['serve', '--port', '99999']);
    expect(d.code).toBe(2);
    expect(d.err).toContain('--port must be a whole number from 0 to 65535');
  });

  it('rejects a bad skywatch.yaml naming the file, line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cfg-'));
    const file = join(dir, 'skywatch.yaml');
    writeFileSync(file, 'aws:\n  regions: [eu-west-1]\n  acounts: ["1"]\nserver:\n  port: 70000\n');
    const r = await cli(['--config', file, 'doctor']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:3: aws.acounts`);
    expect(r.err).toContain(`${file}:5: server.port`);
  });

  it('doctor reports the store and migrations as JSON', async () => {
    const r = await cli(['doctor', '--format', 'json']);
    const rows = JSON.parse(r.out) as { check: string; status: string }[];
    expect(rows.find((x) => x.check === 'store')?.status).toBe('ok');
    expect(rows.find((x) => x.check === 'migrations')?.status).toBe('ok');
    expect(rows.find((x) => x.check === 'units')?.status).toBe('ok');
  });

  it('demo migrates a fresh demo home and exits 0', async () => {
    const r = await cli(['demo']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sqlite store migrated: \d+\/\d+ migrations applied/);
  });
});

describe('render', () => {
  const rows = [{ a: 'x,y', b: ['p', 'q'] }];
  const cols = [
    { key: 'a', get: (r: (typeof rows)[0]) => r.a },
    { key: 'b', get: (r: (typeof rows)[0]) => r.b },
  ];
  it('quotes CSV cells and keeps JSON values whole', () => {
    expect(render(rows, cols, 'csv')).toBe('a,b\n"x,y","p, q"\n');
    expect(JSON.parse(render(rows, cols, 'json'))).toEqual([{ a: 'x,y', b: ['p', 'q'] }]);
  });
});

describe('command loading', () => {
  it('imports only the modules of the command word, skipping global option values', async () => {
    const names = (await commandsFor(['--home', 'ingest', '--log-level', 'silent', 'ingest', 'cloudtrail'])).map((m) => m.name).sort();
    expect(names).toEqual(['ingest-cloudtrail', 'ingest-network', 'ingest-vulns']);
    expect((await commandsFor(['--config=x.yaml', 'scan', 'aws'])).map((m) => m.name)).toEqual(['scan']);
  });

  it('imports every module for help, no command or an unknown word', async () => {
    for (const argv of [[], ['--help'], ['help', 'scan'], ['nosuch']]) expect(await commandsFor(argv)).toHaveLength(commandModules.length);
  });

  it('still runs a command loaded alone, and lists every command in help', async () => {
    const help = await cli(['--help']);
    for (const m of commandModules) for (const w of m.words) expect(help.out).toContain(w);
    const one = await cli(['ingest', 'cloudtrail', '--help']);
    expect(one.code).toBe(0);
    expect(one.out).toContain('Usage: skywatch ingest cloudtrail');
  });
});
