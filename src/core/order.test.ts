import { describe, expect, it } from 'vitest';
import { compareAlerts, compareFindings } from './order.js';

/** Rows as the store returns them: same-millisecond ids come back in any order, so every tie must be broken. */
const findings = [
  { severity: 'high' as const, ruleId: 'b-rule', resourceId: 'r1', dedupKey: 'k3' },
  { severity: 'critical' as const, ruleId: 'z-rule', resourceId: 'r9', dedupKey: 'k9' },
  { severity: 'high' as const, ruleId: 'a-rule', resourceId: 'r2', dedupKey: 'k2' },
  { severity: 'high' as const, ruleId: 'a-rule', resourceId: 'r1', dedupKey: 'k5' },
  { severity: 'high' as const, ruleId: 'a-rule', resourceId: null, dedupKey: 'k7' },
  { severity: 'high' as const, ruleId: 'a-rule', resourceId: null, dedupKey: 'k6' },
];
const alerts = [
  { severity: 'critical' as const, riskScore: 100, title: 'Internet-exposed host: mongo-1', dedupKey: 'a2' },
  { severity: 'critical' as const, riskScore: 100, title: 'Internet-exposed host: ci-runner-3', dedupKey: 'a1' },
  { severity: 'high' as const, riskScore: 100, title: 'A', dedupKey: 'a5' },
  { severity: 'critical' as const, riskScore: 95, title: 'A', dedupKey: 'a4' },
  { severity: 'critical' as const, riskScore: 100, title: 'Internet-exposed host: mongo-1', dedupKey: 'a0' },
];

describe('list orders', () => {
  it('orders findings by severity, rule, resource and key, whatever the input order', () => {
    const keys = (l: typeof findings) => [...l].sort(compareFindings).map((f) => f.dedupKey);
    expect(keys(findings)).toEqual(['k9', 'k6', 'k7', 'k5', 'k2', 'k3']);
    expect(keys([...findings].reverse())).toEqual(keys(findings));
  });

  it('orders alerts by severity, risk, title and key, whatever the input order', () => {
    const keys = (l: typeof alerts) => [...l].sort(compareAlerts).map((a) => a.dedupKey);
    expect(keys(alerts)).toEqual(['a1', 'a0', 'a2', 'a4', 'a5']);
    expect(keys([...alerts].reverse())).toEqual(keys(alerts));
  });
});
