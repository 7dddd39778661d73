import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testData } from '../../test/support/stores.js';
import { runCli } from './main.js';

const home = mkdtempSync(join(tmpdir(), 'sw-vulns-cli-'));
async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['--home', home, '--log-level', 'silent', ...args], {
    env: {},
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('vulnerability, exposure and apps commands', () => {
  it('ingest vulns keeps good files, names bad ones, lists unmatched reports and ranks', async () => {
    const bad = join(home, 'broken.json');
    writeFileSync(bad, '[]oops');
    const r = await cli(['ingest', 'vulns', testData('trivy-golden-reports/integration/testdata/alpine-310.json.golden'), bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad file\s+.*broken\.json: not valid JSON/);
    expect(r.out).toMatch(/unmatched target\s+trivy: testdata\/fixtures\/images\/alpine-310\.tar\.gz/);
    const reports = JSON.parse((await cli(['vulns', 'reports', '--unmatched', '--format', 'json'])).out);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ format: 'trivy', resourceId: null, vulnerabilities: 4 });
    const list = JSON.parse((await cli(['vulns', 'list', '--sort', 'risk', '--format', 'json'])).out);
    // 4 vulnerable packages, 2 distinct CVEs (each in libcrypto1.1 and libssl1.1): one row per target × CVE.
    expect(list.length).toBe(2);
    expect(list[0].packages).toEqual(['libcrypto1.1', 'libssl1.1']);
    expect(list.map((x: { risk: number }) => x.risk)).toEqual([...list.map((x: { risk: number }) => x.risk)].sort((a, b) => b - a));
    expect(list[0].factors[0]).toMatch(/^\+\d+ CVSS/);
  });

  it('rejects --resource that is not in the inventory and an unknown --format', async () => {
    const r = await cli(['ingest', 'vulns', 'x.json', '--resource', 'arn:aws:ec2:us-east-1:1:instance/i-nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not in the inventory');
    expect((await cli(['ingest', 'vulns', 'x.json', '--format', 'nessus'])).code).toBe(2);
  });

  it('kev update refuses metadata URLs; kev status shows the shipped snapshot', async () => {
    const r = await cli(['vulns', 'kev', 'update', '--url', 'http://169.254.169.254/latest/meta-data']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/metadata/);
    expect((await cli(['vulns', 'kev', 'status'])).out).toMatch(/KEV catalogue 2025\.08\.25: 1404 entries/);
    const f = await cli(['vulns', 'kev', 'update', '--file', testData('cisa-kev/known_exploited_vulnerabilities.json')]);
    expect(f.out).toMatch(/1404 entries/);
  });

  it('exposure and apps on an empty inventory', async () => {
    expect(JSON.parse((await cli(['exposure', 'list', '--format', 'json'])).out)).toEqual([]);
    const e = await cli(['exposure', 'explain', 'i-0123']);
    expect(e.code).toBe(2);
    expect(e.err).toContain('was not analysed');
    expect(JSON.parse((await cli(['apps', 'list', '--app', 'mongodb', '--format', 'json'])).out)).toEqual([]);
  });
});
