import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/finding.js';
import { fixtureFinding } from '../context/fixture.js';
import { groupOf, identityOf } from './group.js';

const SG = 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1';
const ALICE = 'arn:aws:iam::222222222222:user/alice';

describe('activity findings group by the identity behind them', () => {
  const opened = (evidence: Record<string, unknown>): Finding =>
    fixtureFinding({ source: 'activity', ruleId: 'aws-cloudtrail-security-group-opened-to-world', resourceId: SG, evidence });

  it('reads the CloudTrail detectors’ actor object as well as plain identity fields', () => {
    // The shape the CloudTrail detectors write: `actor` is { identity, name, type }.
    expect(identityOf(opened({ actor: { identity: ALICE, name: 'alice', type: 'iam-user' } }))).toBe(ALICE);
    expect(identityOf(opened({ identity: ALICE }))).toBe(ALICE);
    expect(identityOf(opened({ userIdentity: { arn: ALICE } }))).toBe(ALICE);
    // No identity at all: the finding's resource, as before.
    expect(identityOf(opened({ actor: { name: 'alice' } }))).toBe(SG);
  });

  it('titles the alert by the identity, not by the resource the call changed', () => {
    const g = groupOf(opened({ actor: { identity: ALICE, name: 'alice', type: 'iam-user' } }), { windowMs: 86_400_000 });
    expect(g.title).toBe('Suspicious activity by alice');
    const other = fixtureFinding({
      source: 'activity',
      ruleId: 'aws-cloudtrail-s3-made-public',
      resourceId: 'arn:aws:s3:::acme-public-assets',
      evidence: { actor: { identity: ALICE, name: 'alice', type: 'iam-user' } },
    });
    expect(groupOf(other, { windowMs: 86_400_000 }).key).toBe(g.key);
  });
});
