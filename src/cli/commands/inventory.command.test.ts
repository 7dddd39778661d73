import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { runCli } from '../main.js';
import { parseSince } from './inventory.command.js';

async function cli(home: string, args: string[]) {
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

const SG = 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1';
const I = 'arn:aws:ec2:us-east-1:222222222222:instance/i-1';

describe('inventory and coverage commands', () => {
  it('list, show, changes and coverage read what a scan stored', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sw-inv-'));
    const store = await openStore({ home });
    const base = { provider: 'aws' as const, account: '222222222222', region: 'us-east-1', tags: {} };
    await store.resources.upsertMany(
      [
        { ...base, id: SG, type: 'aws.ec2.security-group', name: 'db', config: { IpPermissions: [] } },
        { ...base, id: I, type: 'aws.ec2.instance', name: 'mongo', config: { State: { Name: 'running' } } },
      ],
      { at: '2026-11-19T10:00:00.000Z' },
    );
    await store.resources.upsertMany([{ ...base, id: SG, type: 'aws.ec2.security-group', name: 'db', config: { IpPermissions: [{ FromPort: 5432 }] } }], {
      at: '2026-11-19T11:00:00.000Z',
      actor: 'arn:aws:iam::222222222222:user/bob',
    });
    await store.edges.replaceFrom([I], [{ from: I, to: SG, kind: 'uses-security-group' }], '222222222222', '2026-11-19T10:00:00.000Z');
    const scanId = await store.scans.start('aws', {});
    await store.scans.addGaps([
      { scanId, account: '222222222222', region: 'us-east-1', service: 'sqs', operation: 'ListQueues', kind: 'access-denied', message: 'denied' },
    ]);
    await store.scans.finish(scanId, 'partial', {});
    await store.close();

    const list = await cli(home, ['inventory', 'list', '--type', 'aws.ec2.instance', '--format', 'json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toMatchObject([{ id: I, type: 'aws.ec2.instance', account: '222222222222', region: 'us-east-1', name: 'mongo' }]);

    const show = await cli(home, ['inventory', 'show', SG]);
    expect(show.out).toContain(`<--uses-security-group-- ${I}`);
    expect(show.out).toMatch(/modify by arn:aws:iam::222222222222:user\/bob: config\.IpPermissions/);

    const changes = await cli(home, ['inventory', 'changes', '--since', '2026-11-01', '--format', 'csv']);
    expect(changes.out.split('\n')[0]).toBe('at,kind,type,account,resource,fields,actor');
    expect(changes.out).toContain('modify,aws.ec2.security-group');

    const cov = await cli(home, ['coverage', '--format', 'json']);
    expect(JSON.parse(cov.out)).toMatchObject([{ service: 'sqs', operation: 'ListQueues', kind: 'access-denied' }]);

    const missing = await cli(home, ['inventory', 'show', 'arn:nope']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no resource with id "arn:nope"');
  });

  it('scan aws --replay runs without network and reports a missing recording as a gap', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sw-scan-'));
    const dir = join(home, 'rec');
    const put = (path: string, entries: unknown) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), JSON.stringify(entries));
    };
    put('_/us-east-1/sts/GetCallerIdentity.json', [
      { input: {}, responses: [{ output: { Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/x' } }] },
    ]);
    put('111111111111/us-east-1/ec2/DescribeRegions.json', [{ input: {}, responses: [{ output: { Regions: [{ RegionName: 'us-east-1' }] } }] }]);
    const r = await cli(home, ['scan', 'aws', '--replay', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('accounts: 111111111111');
    expect(r.out).toMatch(/organizations\s+ListAccounts\s+unsupported\s+ReplayMiss: no recording for organizations ListAccounts/);
    const bad = await cli(home, ['scan', 'aws', '--accounts', '12,x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"12" is not a 12-digit AWS account id');
  });

  it('scan aws --queue refuses what a worker fleet cannot do, before touching AWS', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sw-scanq-'));
    // The embedded store has no queue the workers could read.
    const embedded = await cli(home, ['scan', 'aws', '--queue']);
    expect(embedded.code).toBe(2);
    expect(embedded.err).toContain('--queue needs PostgreSQL');
    const recorded = await cli(home, ['scan', 'aws', '--queue', '--record', join(home, 'rec')]);
    expect(recorded.code).toBe(2);
    expect(recorded.err).toContain('--record cannot be used with --queue');
  });

  it('parses --since as a date or a duration ago', () => {
    expect(parseSince('24h', Date.parse('2026-11-20T12:00:00Z'))).toBe('2026-11-19T12:00:00.000Z');
    expect(parseSince('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(() => parseSince('yesterday')).toThrow('--since');
  });
});
