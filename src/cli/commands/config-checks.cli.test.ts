import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../core/resource.js';
import { loadUnits } from '../../engine/units.js';
import { openStore } from '../../store/index.js';
import { runCli } from '../main.js';

// The checks here are custom policies (YAML + CEL); the check library is disabled in the test's
// skywatch.yaml so counts and findings depend on these policies only.
const PUBLIC_BUCKET = `id: test-s3-bucket-not-public-by-acl
title: S3 bucket is not public through its ACL
description: Grants to AllUsers make every object readable.
resourceType: aws.s3.bucket
severity: high
risk: Anyone on the internet can read the data.
condition: >
  !resource.config.acl.Grants.exists(g, has(g.Grantee.URI) && g.Grantee.URI == 'http://acs.amazonaws.com/groups/global/AllUsers')
needs: [acl]
message: the bucket ACL grants AllUsers
remediation: Remove the AllUsers grant and enable Block Public Access.
examples:
  pass:
    - name: private bucket
      config: { acl: { Grants: [ { Grantee: { ID: abc }, Permission: FULL_CONTROL } ] } }
  fail:
    - name: public-read bucket
      config: { acl: { Grants: [ { Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: READ } ] } }
`;
const OWNER_TAG = `id: test-s3-bucket-has-owner
title: S3 bucket has an owner tag
resourceType: aws.s3.bucket
severity: low
condition: "'owner' in resource.tags"
remediation: Tag the bucket with owner=<team>.
examples:
  pass: [ { tags: { owner: data }, config: {} } ]
  fail: [ { config: {} } ]
`;
const BROKEN = `id: test-broken
title: Broken
resourceType: aws.s3.bucket
severity: urgent
condition: "resource.config.("
remediation: x
`;

const A = '222222222222';
const bucket = (name: string, grants: unknown[] | undefined, tags: Record<string, string> = {}): ResourceRecord => ({
  id: `arn:aws:s3:::${name}`,
  type: 'aws.s3.bucket',
  provider: 'aws',
  account: A,
  region: 'us-east-1',
  name,
  tags,
  config: grants ? { acl: { Grants: grants } } : { _errors: { acl: 'access-denied' } },
});
const ALL_USERS = [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }];

let home: string;
async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['--home', home, '--log-level', 'silent', ...args], {
    env: { USER: 'tester' },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('config checks from the CLI', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sw-checks-'));
    mkdirSync(join(home, 'policies'));
    writeFileSync(join(home, 'policies', 'public.yaml'), PUBLIC_BUCKET);
    writeFileSync(join(home, 'policies', 'owner.yaml'), OWNER_TAG);
    writeFileSync(join(home, 'broken.yaml'), BROKEN);
    const library = loadUnits().checks.map((c) => `    - ${c.id}`);
    writeFileSync(join(home, 'skywatch.yaml'), `checks:\n  policies: policies\n${library.length ? `  disabled:\n${library.join('\n')}\n` : ''}`);
    const store = await openStore({ home });
    await store.resources.upsertMany(
      [bucket('acme-public-assets', ALL_USERS), bucket('acme-private', [], { owner: 'data' }), bucket('acme-denied', undefined)],
      {
        at: '2026-11-20T10:00:00.000Z',
      },
    );
    await store.close();
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('lists and explains checks from their own metadata', async () => {
    const list = await cli(['checks', 'list', '--format', 'json']);
    const rows = JSON.parse(list.out) as { id: string; severity: string; resourceType: string; remediation: string }[];
    const mine = rows.filter((r) => r.id.startsWith('test-'));
    expect(mine.map((r) => r.id)).toEqual(['test-s3-bucket-has-owner', 'test-s3-bucket-not-public-by-acl']);
    expect(mine[1]).toMatchObject({
      severity: 'high',
      resourceType: 'aws.s3.bucket',
      remediation: 'Remove the AllUsers grant and enable Block Public Access.',
    });
    const ex = await cli(['checks', 'explain', 'test-s3-bucket-not-public-by-acl']);
    expect(ex.out).toContain('Risk: Anyone on the internet can read the data.');
    expect(ex.out).toContain('needs        acl');
    expect(ex.out).toMatch(/fail\s+public-read bucket/);
    const missing = await cli(['checks', 'explain', 'test-s3-bucket']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('did you mean');
  });

  it('runs checks, lists findings in every format, suppresses and diffs', async () => {
    const run = await cli(['checks', 'run', '--format', 'json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out);
    expect(r.counts).toEqual({ pass: 2, fail: 3, error: 1, 'not-applicable': 0 });
    expect(r.reasons).toEqual({ 'access-denied': 1 });

    const json = JSON.parse((await cli(['findings', 'list', '--source', 'config', '--format', 'json'])).out) as Record<string, unknown>[];
    expect(json).toHaveLength(3);
    for (const k of [
      'id',
      'source',
      'ruleId',
      'title',
      'severity',
      'status',
      'resourceId',
      'resourceType',
      'account',
      'region',
      'firstSeen',
      'lastSeen',
      'evidence',
      'attack',
      'compliance',
    ])
      expect(json[0], k).toHaveProperty(k);
    const high = JSON.parse((await cli(['findings', 'list', '--severity', 'high', '--format', 'json'])).out);
    expect(high.map((f: any) => f.resourceId)).toEqual(['arn:aws:s3:::acme-public-assets']);
    expect(high[0].evidence.message).toBe('the bucket ACL grants AllUsers');
    const csv = (await cli(['findings', 'list', '--format', 'csv'])).out.trim().split('\n');
    expect(csv[0]?.split(',').slice(0, 3)).toEqual(['id', 'source', 'ruleId']);
    expect(csv).toHaveLength(4);
    const ocsf = JSON.parse((await cli(['findings', 'list', '--format', 'ocsf'])).out);
    expect(ocsf[0]).toMatchObject({ class_uid: 2003, category_uid: 2 });
    const asff = JSON.parse((await cli(['findings', 'list', '--format', 'asff'])).out);
    expect(asff[0]).toMatchObject({ SchemaVersion: '2018-10-08', AwsAccountId: A });
    const sarif = JSON.parse((await cli(['findings', 'list', '--format', 'sarif'])).out);
    expect(sarif.runs[0].results).toHaveLength(3);
    expect(sarif.runs[0].tool.driver.rules.find((x: any) => x.id === 'test-s3-bucket-not-public-by-acl').help.text).toContain('Block Public Access');

    const add = await cli([
      'suppressions',
      'add',
      '--check',
      'test-s3-bucket-has-*',
      '--arn',
      'arn:aws:s3:::acme-*',
      '--reason',
      'tagging backlog',
      '--expires',
      '2099-01-01',
      '--format',
      'json',
    ]);
    expect(add.code).toBe(0);
    const added = JSON.parse(add.out)[0];
    expect(added.suppressed).toBe(2);
    const sup = JSON.parse((await cli(['findings', 'list', '--status', 'suppressed', '--format', 'json'])).out);
    expect(sup.every((f: any) => f.ruleId === 'test-s3-bucket-has-owner')).toBe(true);
    const listed = JSON.parse((await cli(['suppressions', 'list', '--format', 'json'])).out);
    expect(listed).toMatchObject([{ id: added.id, origin: 'store', active: true, findings: 2, author: 'tester', reason: 'tagging backlog' }]);
    const rm = await cli(['suppressions', 'remove', added.id]);
    expect(rm.out).toContain('2 finding(s) re-opened');
    const noReason = await cli(['suppressions', 'add', '--check', 'x']);
    expect(noReason.code).toBe(2);
    const noMatcher = await cli(['suppressions', 'add', '--reason', 'x']);
    expect(noMatcher.err).toContain('at least one of');

    // fix the public bucket, run again: a diff with one resolved finding
    const store = await openStore({ home });
    await store.resources.upsertMany([bucket('acme-public-assets', [])], { at: '2026-11-21T10:00:00.000Z' });
    await store.close();
    await cli(['checks', 'run']);
    const diff = JSON.parse((await cli(['findings', 'diff', '--format', 'json'])).out);
    expect(diff.counts).toEqual({ new: 0, resolved: 1, regressed: 0, unchanged: 2 });
    expect(diff.changes.find((c: any) => c.change === 'resolved').resourceId).toBe('arn:aws:s3:::acme-public-assets');
    const table = await cli(['findings', 'diff']);
    expect(table.out).toContain('0 new, 1 resolved, 0 regressed, 2 unchanged');
    const runs = JSON.parse((await cli(['checks', 'runs', '--format', 'json'])).out);
    expect(runs).toHaveLength(2);
    const bad = await cli(['findings', 'diff', '--from', 'run_nope']);
    expect(bad.code).toBe(2);
  });

  it('tests a policy against its examples and names file, line and field of a broken one', async () => {
    const ok = await cli(['policy', 'test', join(home, 'policies', 'public.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('all 2 examples agree');
    const inv = await cli(['policy', 'test', join(home, 'policies', 'public.yaml'), '--inventory', '--format', 'json']);
    expect(
      JSON.parse(inv.out)
        .map((r: any) => r.status)
        .sort(),
    ).toEqual(['error', 'pass', 'pass']);
    const broken = await cli(['policy', 'test', join(home, 'broken.yaml')]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`${join(home, 'broken.yaml')}:4: severity`);
    const v = await cli(['policy', 'validate', join(home, 'policies')]);
    expect(v.out).toContain('2 valid, 0 problem(s)');
  });
});
