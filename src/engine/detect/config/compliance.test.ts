import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test/support/stores.js';
import { defineCatalogue } from '../../../compliance/catalogue.js';
import { type CheckUnit, defineCheck, fail, pass } from '../../../core/units/check.js';
import type { Store } from '../../../store/index.js';
import { compareControlIds, complianceReport, controlStatus } from './compliance.js';
import { runChecks } from './engine.js';
import { complianceHtml } from './report-html.js';

const cat = defineCatalogue({
  id: 'test-fw',
  title: 'Test framework',
  version: '1',
  controls: {
    '1.10': { title: 'Encrypted volumes', section: '1 Storage', automated: true },
    '1.2': { title: 'Versioned buckets', section: '1 Storage', automated: true },
    '1.3': { title: 'Nothing maps here', section: '1 Storage', automated: true },
    '2.1': { title: 'Know your contacts', section: '2 People', automated: false },
    '2.2': { title: 'Users have MFA', section: '2 People', automated: true },
  },
});

const mk = (id: string, type: string, control: string, key: string): CheckUnit =>
  defineCheck<Record<string, unknown>>({
    id,
    title: id,
    provider: 'aws',
    resourceType: type,
    severity: 'high',
    risk: 'r',
    remediation: { text: 'fix <it>' },
    compliance: [{ framework: 'test-fw', control }],
    needs: [key],
    evaluate: (r) => (r.config[key] ? pass() : fail(`${key} is off`, { [key]: false })),
    fixtures: [],
  }) as CheckUnit;
const CHECKS = [
  mk('vol-encrypted', 'aws.ec2.volume', '1.10', 'enc'),
  mk('bucket-versioned', 'aws.s3.bucket', '1.2', 'versioning'),
  mk('user-mfa', 'aws.iam.user', '2.2', 'mfa'),
];

describe('control status', () => {
  const z = { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
  it('never passes a control silently', () => {
    expect(controlStatus(false, ['x'], { ...z, pass: 3 }, new Map()).status).toBe('manual');
    expect(controlStatus(true, [], z, new Map())).toEqual({ status: 'manual', note: 'no check maps to this control' });
    expect(controlStatus(true, ['x'], z, new Map()).status).toBe('manual');
    expect(controlStatus(true, ['x'], { ...z, pass: 2, error: 1 }, new Map([['access-denied', 1]]))).toEqual({
      status: 'manual',
      note: 'could not evaluate 1 resource(s): access-denied ×1',
    });
    expect(controlStatus(true, ['x'], { ...z, pass: 2, fail: 1 }, new Map()).status).toBe('fail');
    expect(controlStatus(true, ['x'], { ...z, pass: 2 }, new Map()).status).toBe('pass');
  });
  it('sorts control ids as people read them', () => {
    expect(['1.10', '2.1', '1.2', 'AC-10', 'AC-2'].sort(compareControlIds)).toEqual(['1.2', '1.10', '2.1', 'AC-2', 'AC-10']);
  });
});

describe.each(testDialects())('compliance report on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  beforeEach(async () => {
    store = await dialect.open();
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('reports pass / fail / manual per control with failing resources, per account', async () => {
    const r = (id: string, type: string, account: string, config: Record<string, unknown>) => ({
      id,
      type,
      provider: 'aws' as const,
      account,
      region: 'us-east-1',
      name: id,
      tags: {},
      config,
    });
    await store.resources.upsertMany(
      [
        r('vol-1', 'aws.ec2.volume', '111111111111', { enc: true }),
        r('vol-2', 'aws.ec2.volume', '222222222222', { enc: false }),
        r('bkt-1', 'aws.s3.bucket', '111111111111', { versioning: true }),
        r('usr-1', 'aws.iam.user', '111111111111', { _errors: { mfa: 'access-denied' } }),
      ],
      { at: '2026-11-20T00:00:00.000Z' },
    );
    await runChecks(store, { checks: CHECKS, now: new Date('2026-11-20T01:00:00.000Z') });
    const rep = await complianceReport(store, cat, CHECKS);
    expect(rep.controls.map((c) => [c.control, c.status])).toEqual([
      ['1.2', 'pass'],
      ['1.3', 'manual'],
      ['1.10', 'fail'],
      ['2.1', 'manual'],
      ['2.2', 'manual'],
    ]);
    expect(rep.summary).toEqual({ pass: 1, fail: 1, manual: 3, controls: 5 });
    const c110 = rep.controls.find((c) => c.control === '1.10');
    expect(c110?.failing).toEqual([
      { checkId: 'vol-encrypted', resourceId: 'vol-2', account: '222222222222', region: 'us-east-1', message: 'enc is off', evidence: { enc: false } },
    ]);
    expect(rep.controls.find((c) => c.control === '2.2')?.note).toContain('access-denied');
    const one = await complianceReport(store, cat, CHECKS, { account: '111111111111' });
    expect(one.controls.find((c) => c.control === '1.10')?.status).toBe('pass');
    const html = complianceHtml(rep);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('<span class="st st-fail">fail</span>');
    expect(html).toContain('vol-2');
  });
});
