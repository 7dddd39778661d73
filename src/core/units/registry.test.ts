import { describe, expect, it } from 'vitest';
import { RegistryError } from '../errors.js';
import { defineCheck, pass } from './check.js';
import { defineDetector } from './detector.js';
import { type UnitRegistry, validateRegistry } from './registry.js';
import { defineResource } from './resource.js';

const bucket = defineResource({ type: 'aws.s3.bucket', provider: 'aws', service: 's3', title: 'S3 bucket', description: 'x', scope: 'regional' });
const check = (id: string, extra: Partial<Parameters<typeof defineCheck>[0]> = {}) =>
  defineCheck({
    id,
    title: 't',
    provider: 'aws',
    resourceType: 'aws.s3.bucket',
    severity: 'high',
    risk: 'r',
    remediation: { text: 'fix' },
    compliance: [],
    evaluate: () => pass(),
    fixtures: [{ name: 'ok', resource: { config: {} }, expect: 'pass' }],
    ...extra,
  });
const empty = (): UnitRegistry => ({ resources: [], collectors: [], checks: [], detectors: [], logSources: [], integrations: [], remediations: [] });

function problems(reg: UnitRegistry, controls = (_f: string, _c: string) => true): string[] {
  try {
    validateRegistry(reg, controls);
    return [];
  } catch (e) {
    if (e instanceof RegistryError) return [...e.problems];
    throw e;
  }
}

describe('validateRegistry', () => {
  it('accepts a consistent registry', () => {
    const reg = empty();
    reg.resources.push({ file: 'src/x/aws-s3-bucket.resource.ts', unit: bucket });
    reg.checks.push({ file: 'src/x/aws-s3-bucket-encrypted.check.ts', unit: check('aws-s3-bucket-encrypted') });
    expect(problems(reg)).toEqual([]);
  });

  it('names the file for duplicate ids, ids that differ from the file, and dangling references', () => {
    const reg = empty();
    reg.resources.push({ file: 'src/x/aws-s3-bucket.resource.ts', unit: bucket });
    reg.checks.push({ file: 'src/a/aws-s3-bucket-encrypted.check.ts', unit: check('aws-s3-bucket-encrypted') });
    reg.checks.push({ file: 'src/b/aws-s3-bucket-encrypted.check.ts', unit: check('aws-s3-bucket-encrypted') });
    reg.checks.push({ file: 'src/c/wrong-name.check.ts', unit: check('aws-s3-bucket-versioned') });
    reg.checks.push({
      file: 'src/d/aws-s3-bucket-logged.check.ts',
      unit: check('aws-s3-bucket-logged', { remediation: { text: 'x', remediationId: 'nope' }, compliance: [{ framework: 'cis-aws-5.0', control: '99.9' }] }),
    });
    reg.detectors.push({
      file: 'src/e/aws-cloudtrail-x.detector.ts',
      unit: defineDetector({
        id: 'aws-cloudtrail-x',
        title: 't',
        description: 'd',
        source: 'missing-source',
        severity: 'high',
        attack: ['T1078'],
        logic: { kind: 'match', match: () => true },
        fixtures: { hit: [{ name: 'h', events: [{}] }], miss: [] },
      }),
    });
    const p = problems(reg, (_f, c) => c !== '99.9');
    expect(p).toEqual([
      'src/b/aws-s3-bucket-encrypted.check.ts: duplicate check id "aws-s3-bucket-encrypted" (also in src/a/aws-s3-bucket-encrypted.check.ts)',
      'src/c/wrong-name.check.ts: id "aws-s3-bucket-versioned" differs from its file name (expected "wrong-name")',
      'src/d/aws-s3-bucket-logged.check.ts: check "aws-s3-bucket-logged" names unknown remediation "nope"',
      'src/d/aws-s3-bucket-logged.check.ts: check "aws-s3-bucket-logged" names unknown control cis-aws-5.0 99.9',
      'src/e/aws-cloudtrail-x.detector.ts: detector "aws-cloudtrail-x" names unknown log source "missing-source"',
    ]);
  });
});
