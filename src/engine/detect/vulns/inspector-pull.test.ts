import { readFileSync } from 'node:fs';
import { Inspector2Client, ListFindingsCommand } from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testData } from '../../../../test/support/stores.js';
import { openStore, type Store } from '../../../store/index.js';
import { pullInspector } from './inspector-pull.js';

/** boto3/placebo records datetimes as objects; the SDK would give Date instances. */
function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.__class__ === 'datetime')
      return new Date(Date.UTC(o.year as number, (o.month as number) - 1, o.day as number, o.hour as number, o.minute as number, o.second as number));
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

describe('Inspector2 pull', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ sqliteFile: ':memory:' });
  });
  afterAll(async () => store.close());

  it('pages through ListFindings (recorded responses) and ingests one report per resource', async () => {
    const a = revive(
      JSON.parse(readFileSync(testData('cloud-custodian-recordings/aws_placebo_extra/test_inspector2_finding/inspector2.ListFindings_1.json'), 'utf8')).data,
    ) as { findings: unknown[] };
    const b = revive(
      JSON.parse(
        readFileSync(testData('cloud-custodian-recordings/aws_placebo_extra/test_inspector2_finding_query_filter/inspector2.ListFindings_1.json'), 'utf8'),
      ).data,
    ) as { findings: unknown[] };
    const mock = mockClient(Inspector2Client);
    mock
      .on(ListFindingsCommand)
      .resolvesOnce({ findings: a.findings as never, nextToken: 'page2' })
      .resolvesOnce({ findings: b.findings as never });
    const s = await pullInspector(store, { region: 'eu-central-1', client: new Inspector2Client({ region: 'eu-central-1' }), now: '2026-11-20T00:00:00.000Z' });
    expect(mock.commandCalls(ListFindingsCommand)).toHaveLength(2);
    expect(mock.commandCalls(ListFindingsCommand)[1]?.args[0].input.nextToken).toBe('page2');
    expect(s.reports).toBe(1);
    const vulns = await store.vulns.vulns();
    expect(new Set(vulns.map((v) => v.vulnId)).size).toBe(10);
    expect((await store.vulns.reports())[0]?.generatedAt).toBe('2023-09-08T20:07:30.000Z');
    mock.restore();
  });
});
