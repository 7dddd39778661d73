import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-server.js';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import securityhub from './securityhub.integration.js';

/** Security Hub's REST-JSON side: POST /findings/import keeps findings by Id (re-import updates), GET /accounts describes the hub. */
describe('securityhub integration (ASFF BatchImportFindings on a local endpoint)', () => {
  let s: FakeServer;
  const findings = new Map<string, Record<string, unknown>>();
  beforeEach(async () => {
    findings.clear();
    s = await startFakeServer();
    s.on('GET', '/accounts', [{ json: { HubArn: 'arn:aws:securityhub:us-east-1:222222222222:hub/default' } }]);
    s.on('POST', '/findings/import', (r) => {
      const list = (r.json as { Findings: Record<string, unknown>[] }).Findings;
      const failed = list.filter((f) => !f.ProductArn || !f.AwsAccountId);
      for (const f of list) if (!failed.includes(f)) findings.set(String(f.Id), f);
      return {
        json: {
          FailedCount: failed.length,
          SuccessCount: list.length - failed.length,
          FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'missing field' })),
        },
      };
    });
  });
  afterEach(() => s.close());
  const ctx = () =>
    ctxFor(securityhub, { region: 'us-east-1', endpoint: s.url, accountId: '222222222222' }, { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });

  it('imports the alert as an ASFF finding, updates it in place and archives it on resolve', async () => {
    const a = samplePayload();
    await securityhub.send(a, ctx());
    const f = findings.get(`skywatch/${a.dedupKey}`) as Record<string, unknown> & {
      Severity: { Label: string };
      Resources: { Type: string }[];
      Workflow: { Status: string };
    };
    expect(f.SchemaVersion).toBe('2018-10-08');
    expect(f.ProductArn).toBe('arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default');
    expect(f.Severity.Label).toBe('CRITICAL');
    expect(f.Resources[0]?.Type).toBe('AwsEc2SecurityGroup');
    expect(f.Workflow.Status).toBe('NEW');
    await securityhub.close?.({ ...a, status: 'resolved' }, '', ctx());
    expect(findings.size).toBe(1);
    expect(findings.get(`skywatch/${a.dedupKey}`)).toMatchObject({ RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' } });
    await securityhub.test(ctx());
    expect(s.received('GET', '/accounts')).toHaveLength(1);
  });
});
