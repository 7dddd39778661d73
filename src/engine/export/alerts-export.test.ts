import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFallback } from '../../demo/alerts-fallback.js';
import { DEMO } from '../../demo/story.js';
import { type Store, openStore } from '../../store/index.js';
import { raiseAlerts } from '../alerts/raise.js';
import { exportAlerts, renderAlerts } from './alerts-export.js';

describe('alert exports', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ sqliteFile: ':memory:' });
    await loadFallback(store);
    await store.findings.upsert([
      {
        source: 'config',
        ruleId: 'aws-kms-key-rotation-enabled',
        title: 'KMS key rotation off',
        severity: 'medium',
        resourceId: 'arn:aws:kms:us-east-1:222222222222:key/k1',
        resourceType: 'aws.kms.key',
        account: '222222222222',
        region: 'us-east-1',
        evidence: {},
        attack: [],
        compliance: [{ framework: 'cis-aws-5.0', control: '3.6' }],
        seenAt: DEMO.now,
      },
    ]);
    await raiseAlerts(store, { now: new Date(DEMO.now) });
  });
  afterAll(() => store.close());

  it('OCSF: detection findings for threats, compliance findings for pure config alerts', async () => {
    const lines = renderAlerts(await exportAlerts(store), 'ocsf')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const top = lines.find((l) => l.severity_id === 5 && l.finding_info.types.includes('toxic-combination'));
    expect(top).toMatchObject({ class_uid: 2004, category_uid: 2, type_uid: 200401, status_id: 1, metadata: { version: '1.3.0' } });
    expect(top.risk_details).toContain(DEMO.maliciousIp);
    const kms = lines.find((l) => l.class_uid === 2003);
    expect(kms.compliance).toMatchObject({ standards: ['cis-aws-5.0'], requirements: ['cis-aws-5.0 3.6'], status: 'Fail' });
    expect(typeof kms.time).toBe('number');
  });

  it('ASFF, SARIF, CSV, JSON and HTML', async () => {
    const alerts = await exportAlerts(store);
    const asff = JSON.parse(renderAlerts(alerts, 'asff')).Findings;
    expect(asff[0]).toMatchObject({ SchemaVersion: '2018-10-08', Severity: { Label: 'CRITICAL' }, RecordState: 'ACTIVE' });
    const sarif = JSON.parse(renderAlerts(alerts, 'sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(alerts.length);
    expect(sarif.runs[0].results[0].level).toBe('error');
    const csv = renderAlerts(alerts, 'csv').trim().split('\n');
    expect(csv[0]).toBe('id,severity,riskScore,status,title,owner,ownerWhy,factors,resources,findings,firstSeen,lastSeen,dueAt');
    expect(csv).toHaveLength(alerts.length + 1);
    expect(JSON.parse(renderAlerts(alerts, 'json'))).toHaveLength(alerts.length);
    const html = renderAlerts([{ ...(alerts[0] as (typeof alerts)[number]), title: '<script>alert(1)</script>' }], 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/(src|href)="http/);
  });
});
