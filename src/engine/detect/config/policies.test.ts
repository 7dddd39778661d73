import { describe, expect, it } from 'vitest';
import { formatProblem, parsePolicy } from './policies.js';
import { testExamples } from './policy-test.js';

const GOOD = `id: acme-sqs-queue-encrypted
title: SQS queue is encrypted
resourceType: aws.sqs.queue
severity: medium
applies: "resource.region != 'global'"
condition: "has(resource.config.KmsMasterKeyId) || resource.config.SqsManagedSseEnabled == 'true'"
compliance: [ 'test:1.1', { framework: test, control: '2.1' } ]
remediation: Enable SSE.
examples:
  pass: [ { config: { KmsMasterKeyId: alias/aws/sqs } } ]
  fail: [ { config: { SqsManagedSseEnabled: 'false' } } ]
`;
const known = (f: string, c: string) => f === 'test' && ['1.1', '2.1'].includes(c);

describe('custom policies', () => {
  it('load as checks that agree with their examples', () => {
    const { policy, problems } = parsePolicy(GOOD, 'p.yaml', { controlExists: known });
    expect(problems).toEqual([]);
    expect(policy?.check.compliance).toEqual([
      { framework: 'test', control: '1.1' },
      { framework: 'test', control: '2.1' },
    ]);
    expect(testExamples(policy!.check).map((r) => r.ok)).toEqual([true, true]);
  });

  it('turn a missing key into error: missing-data, never a fail', () => {
    const { policy } = parsePolicy(GOOD, 'p.yaml', { controlExists: known });
    const c = policy!.check;
    const g = { get: () => undefined, neighbours: () => [], byType: () => [] };
    const r = { id: 'q', type: 'aws.sqs.queue', provider: 'aws' as const, account: '1', region: 'us-east-1', name: 'q', tags: {}, config: {} };
    expect(c.evaluate(r, { params: {}, graph: g, now: new Date() })).toMatchObject({ status: 'error', reason: 'missing-data' });
    expect(c.evaluate({ ...r, region: 'global' }, { params: {}, graph: g, now: new Date() }).status).toBe('not-applicable');
  });

  it('name file, line and field of every problem', () => {
    const bad = GOOD.replace('severity: medium', 'severity: urgent')
      .replace("compliance: [ 'test:1.1'", "compliance: [ 'test:9.9'")
      .replace('  fail: [ { config:', '  fail: [ { confg:');
    const r = parsePolicy(bad, 'p.yaml', { controlExists: known });
    expect(r.problems.map(formatProblem)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^p\.yaml:4: severity: /), expect.stringMatching(/^p\.yaml:11: examples\.fail\.0\.confg: /)]),
    );
    const cel = parsePolicy(
      GOOD.replace('resource.config.SqsManagedSseEnabled ==', 'resource.config.SqsManagedSseEnabled =='.replace('==', '=== (')),
      'p.yaml',
      {
        controlExists: known,
      },
    );
    expect(cel.problems.map(formatProblem)).toEqual([expect.stringMatching(/^p\.yaml:6: condition: invalid CEL: /)]);
    const ctl = parsePolicy(GOOD.replace("'test:1.1'", "'test:9.9'"), 'p.yaml', { controlExists: known });
    expect(ctl.problems.map(formatProblem)).toEqual(['p.yaml:7: compliance.0: unknown control test 9.9']);
    const dup = parsePolicy(GOOD, 'p.yaml', { controlExists: known, takenIds: new Set(['acme-sqs-queue-encrypted']) });
    expect(dup.problems.map(formatProblem)).toEqual(['p.yaml:1: id: "acme-sqs-queue-encrypted" is already a check id']);
  });
});
