import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/finding.js';
import { toAsff } from './asff.js';
import { toOcsf } from './ocsf.js';
import { toSarif } from './sarif.js';

const base: Finding = {
  id: 'fnd_1',
  dedupKey: 'k1',
  source: 'config',
  ruleId: 'aws-s3-bucket-not-public',
  title: 'S3 bucket is not public',
  severity: 'high',
  status: 'open',
  resourceId: 'arn:aws-us-gov:s3:::acme-public-assets',
  resourceType: 'aws.s3.bucket',
  account: '222222222222',
  region: 'us-gov-west-1',
  firstSeen: '2026-11-19T10:00:00.000Z',
  lastSeen: '2026-11-20T10:00:00.000Z',
  evidence: { message: 'policy allows Principal "*"' },
  attack: [],
  compliance: [
    { framework: 'cis-aws-5.0', control: '2.1.4' },
    { framework: 'nist-800-53-r5', control: 'AC-3' },
  ],
};
const activity: Finding = {
  ...base,
  id: 'fnd_2',
  source: 'activity',
  ruleId: 'aws-cloudtrail-root-login',
  title: 'Root login',
  severity: 'critical',
  status: 'suppressed',
  attack: ['T1078.004'],
  compliance: [],
  resourceId: null,
  resourceType: null,
};
const ctx = { version: '0.1.0', rules: (id: string) => (id === base.ruleId ? { remediation: 'Block public access.', risk: 'Data leaks.' } : undefined) };

describe('OCSF', () => {
  it('writes config findings as Compliance Findings with the required attributes', () => {
    const e = toOcsf(base, ctx) as any;
    expect(e).toMatchObject({ class_uid: 2003, category_uid: 2, activity_id: 1, type_uid: 200301, severity_id: 4, status_id: 1 });
    expect(e.time).toBe(Date.parse(base.lastSeen));
    expect(e.metadata).toMatchObject({ version: '1.3.0', product: { name: 'Skywatch', vendor_name: 'Skywatch', version: '0.1.0' } });
    expect(e.finding_info).toMatchObject({ uid: 'fnd_1', title: base.title, analytic: { uid: base.ruleId } });
    expect(e.compliance).toEqual({
      control: base.ruleId,
      standards: ['cis-aws-5.0', 'nist-800-53-r5'],
      requirements: ['cis-aws-5.0 2.1.4', 'nist-800-53-r5 AC-3'],
      status_id: 3,
      status: 'Fail',
    });
    expect(e.resources[0]).toMatchObject({ uid: base.resourceId, cloud_partition: 'aws-us-gov' });
    expect(e.remediation).toEqual({ desc: 'Block public access.' });
  });
  it('writes other sources as Detection Findings with ATT&CK techniques', () => {
    const e = toOcsf(activity, ctx) as any;
    expect(e).toMatchObject({ class_uid: 2004, type_uid: 200401, severity_id: 5, status_id: 3, status: 'Suppressed' });
    expect(e.attacks).toEqual([{ technique: { uid: 'T1078.004' }, version: '14' }]);
    expect(e.compliance).toBeUndefined();
    expect(e.resources).toEqual([]);
  });
});

describe('ASFF', () => {
  it('has every required Security Hub field', () => {
    const a = toAsff(base, ctx) as any;
    for (const k of [
      'SchemaVersion',
      'Id',
      'ProductArn',
      'GeneratorId',
      'AwsAccountId',
      'Types',
      'CreatedAt',
      'UpdatedAt',
      'Severity',
      'Title',
      'Description',
      'Resources',
    ])
      expect(a[k], k).toBeDefined();
    expect(a.SchemaVersion).toBe('2018-10-08');
    expect(a.ProductArn).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:222222222222:product/222222222222/default');
    expect(a.Severity.Label).toBe('HIGH');
    expect(a.Resources).toEqual([{ Type: 'AwsS3Bucket', Id: base.resourceId, Partition: 'aws-us-gov', Region: 'us-gov-west-1' }]);
    expect(a.Compliance).toEqual({ Status: 'FAILED', RelatedRequirements: ['cis-aws-5.0 2.1.4', 'nist-800-53-r5 AC-3'] });
    expect(a.Workflow.Status).toBe('NEW');
    expect(a.Description).toContain('policy allows Principal');
  });
  it('maps resolved to ARCHIVED/PASSED and a global region to a real one', () => {
    const a = toAsff(
      { ...base, status: 'resolved', region: 'global', resourceId: 'arn:aws:iam::222222222222:user/alice', resourceType: 'aws.iam.user' },
      ctx,
    ) as any;
    expect(a).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' }, Workflow: { Status: 'RESOLVED' }, Region: 'us-east-1' });
    expect(a.Resources[0].Type).toBe('AwsIamUser');
  });
});

describe('SARIF', () => {
  it('is a 2.1.0 log with one rule per rule id and results pointing at rules and resources', () => {
    const s = toSarif([base, { ...base, id: 'fnd_3', resourceId: 'arn:aws:s3:::other' }, activity], ctx) as any;
    expect(s.version).toBe('2.1.0');
    expect(s.$schema).toContain('sarif-2.1.0');
    const run = s.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'Skywatch', version: '0.1.0' });
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual([base.ruleId, activity.ruleId]);
    expect(run.tool.driver.rules[0].help.text).toBe('Block public access.');
    expect(run.results).toHaveLength(3);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBeTruthy();
    }
    expect(run.results[0].level).toBe('error');
    expect(run.results[2].suppressions).toEqual([{ kind: 'external', status: 'accepted' }]);
    expect(run.tool.driver.rules[1].properties['security-severity']).toBe('9.5');
  });
});
