import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cisAws50, controlExists } from '../../compliance/index.js';
import { memoryGraph } from '../../core/resource.js';
import { type CheckUnit, checkError } from '../../core/units/check.js';
import { type UnitRegistry, validateRegistry } from '../../core/units/registry.js';
import { defineResource } from '../../core/units/resource.js';
import { registry } from '../../generated/registry.js';
import { CIS_NOT_COVERED } from './cis-coverage.js';
import { renderCheckLibrary } from './check-docs.js';
import { missingHydrated } from './checks-common.js';

/**
 * The AWS check library against its own contract: it validates with the resource types that
 * docs/resource-model.md documents (so it holds before and after discovery's resource units are
 * merged), every check runs its fixtures, carries NIST and PCI references, and the CIS AWS 5.0
 * automated controls are covered or explicitly listed as not covered.
 */
const root = resolve(import.meta.dirname, '../../..');
const documentedTypes = [
  ...new Set(
    readFileSync(join(root, 'docs/resource-model.md'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| `aws.'))
      .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`(aws\.[a-z0-9.-]+)`/g)].map((m) => m[1] as string)),
  ),
];

function withDocumentedTypes(reg: UnitRegistry): UnitRegistry {
  const have = new Set(reg.resources.map((e) => e.unit.type));
  const extra = documentedTypes
    .filter((t) => !have.has(t))
    .map((type) => {
      const unit = defineResource({ type, provider: 'aws', service: type.split('.')[1] ?? '', title: type, description: 'documented', scope: 'regional' });
      return { file: `docs/${unit.id}.resource.ts`, unit };
    });
  return { ...reg, resources: [...reg.resources, ...extra] };
}

const units = validateRegistry(withDocumentedTypes(registry), controlExists);
const aws = units.checks.filter((c) => c.provider === 'aws');

describe('AWS check library', () => {
  it('has at least 150 checks (family variants counted individually)', () => {
    expect(aws.length).toBeGreaterThanOrEqual(150);
  });

  it('maps every check to NIST 800-53 r5 and PCI DSS 4.0', () => {
    const missing = aws.filter((c) => !c.compliance.some((r) => r.framework === 'nist-800-53-r5') || !c.compliance.some((r) => r.framework === 'pci-dss-4.0'));
    expect(missing.map((c) => c.id)).toEqual([]);
  });

  it('states the good state in every id and names only documented resource types', () => {
    expect(aws.filter((c) => !c.id.startsWith('aws-')).map((c) => c.id)).toEqual([]);
    expect(aws.filter((c) => !documentedTypes.includes(c.resourceType)).map((c) => `${c.id}: ${c.resourceType}`)).toEqual([]);
  });

  it('gives every check a passing and a failing fixture, and an error fixture when it reads hydrated keys', () => {
    const short = aws.filter((c) => {
      const s = new Set(c.fixtures.map((f) => f.expect));
      return !s.has('pass') || !s.has('fail') || (c.needs?.length && !s.has('error'));
    });
    expect(short.map((c) => c.id)).toEqual([]);
  });

  it('covers every automated CIS AWS 5.0 control, or lists why not', () => {
    const covered = new Set(aws.flatMap((c) => c.compliance.filter((r) => r.framework === 'cis-aws-5.0').map((r) => r.control)));
    const automated = Object.entries(cisAws50.controls)
      .filter(([, c]) => c.automated)
      .map(([id]) => id);
    const uncovered = automated.filter((id) => !covered.has(id));
    expect(uncovered.sort()).toEqual(Object.keys(CIS_NOT_COVERED).sort());
  });
});

describe('missingHydrated', () => {
  it('is an error with the recorded reason, never a fail', () => {
    expect(missingHydrated({ config: { _errors: { policy: 'access-denied' } } }, ['policy'])).toEqual(
      checkError('access-denied', 'could not read policy (access-denied); the check cannot decide'),
    );
    expect(missingHydrated({ config: {} }, ['policy'])?.reason).toBe('missing-data');
    expect(missingHydrated({ config: { policy: null } }, ['policy'])).toBeUndefined();
  });
});

const run = (check: CheckUnit, f: CheckUnit['fixtures'][number]) => {
  const resource = {
    id: `fixture:${check.id}`,
    type: check.resourceType,
    provider: check.provider,
    account: '123456789012',
    region: 'us-east-1',
    name: 'fixture',
    tags: {},
    ...f.resource,
  };
  const graph = memoryGraph([resource, ...(f.related?.resources ?? [])], f.related?.edges ?? []);
  const params = check.params ? check.params.parse(f.params ?? {}) : {};
  return check.evaluate(resource, { params, graph, now: new Date(f.now ?? '2026-11-27T00:00:00Z') });
};

describe.each(aws.map((c) => [c.id, c] as const))('%s', (_id, check) => {
  it.each(check.fixtures.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    const out = run(check, f);
    expect(out.status).toBe(f.expect);
    if (out.status === 'fail') expect(out.message).toBeTruthy();
    if (out.status === 'error' || out.status === 'not-applicable') expect(out.reason).toBeTruthy();
  });
});

describe('organisation-aware regional checks', () => {
  const anchor = {
    id: 'arn:aws:ec2:eu-west-1:210987654321:ebs-default-encryption',
    type: 'aws.ec2.ebs-default-encryption',
    provider: 'aws' as const,
    account: '210987654321',
    region: 'eu-west-1',
    name: 'x',
    tags: {},
    config: {},
  };
  const byId = (id: string) => aws.find((c) => c.id === id) as CheckUnit;
  const run = (id: string, orgEnabled: string[]) =>
    byId(id).evaluate(anchor, { params: {}, graph: memoryGraph([anchor]), now: new Date(), account: { id: anchor.account, orgEnabled: new Set(orgEnabled) } })
      .status;

  it('counts a delegated administrator only in the regions it covers', () => {
    expect(run('aws-guardduty-enabled-in-region', ['guardduty', 'guardduty:eu-west-1'])).toBe('pass');
    expect(run('aws-guardduty-enabled-in-region', ['guardduty', 'guardduty:us-east-1'])).toBe('fail');
    expect(run('aws-securityhub-enabled-in-region', ['securityhub:eu-west-1'])).toBe('pass');
    expect(run('aws-config-recorder-enabled-in-region', [])).toBe('fail');
  });
  it('counts an organisation trail in every region', () => {
    expect(run('aws-cloudtrail-enabled-in-region', ['cloudtrail', 'cloudtrail:us-east-1'])).toBe('pass');
  });
});

describe('docs/check-library.md', () => {
  it('is generated from the current library (npx tsx scripts/gen-check-docs.ts)', () => {
    expect(readFileSync(join(root, 'docs/check-library.md'), 'utf8')).toBe(renderCheckLibrary(units.checks));
  });
});
