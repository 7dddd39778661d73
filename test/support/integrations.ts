import { randomBytes } from 'node:crypto';
import type { AlertPayload } from '../../src/core/units/integration.js';
import { integrationContext } from '../../src/engine/respond/registry.js';
import { seal } from '../../src/store/secrets.js';
import type { IntegrationContext, IntegrationUnit } from '../../src/core/units/integration.js';

/** A stored-like integration context for a unit: options validated, credentials sealed and opened again, private targets allowed (127.0.0.1). */
export function ctxFor<O, S>(unit: IntegrationUnit<O, S>, options: Record<string, unknown>, credentials: Record<string, unknown>): IntegrationContext<O, S> {
  const key = randomBytes(32);
  const ctx = integrationContext(
    {
      id: 'int_test',
      name: 'test',
      type: unit.id,
      version: unit.version,
      options: { ...options, allowPrivate: true },
      secret: seal(key, JSON.stringify(credentials)),
      enabled: true,
    },
    unit as IntegrationUnit,
    key,
  );
  return ctx as IntegrationContext<O, S>;
}

export function samplePayload(over: Partial<AlertPayload> = {}): AlertPayload {
  return {
    id: 'alr_1',
    dedupKey: '0123456789abcdef0123456789abcdef',
    idempotencyKey: '0123456789abcdef0123456789abcdef:open:open:critical:2026-11-20T12:00:00.000Z',
    title: 'Database security group open to the internet, and a malicious address got in: orders-db-sg',
    severity: 'critical',
    riskScore: 100,
    factors: [
      'security group orders-db-sg open to 0.0.0.0/0 on 5432',
      'attached to orders-db running PostgreSQL',
      'accepted traffic from 93.174.95.106, listed by 8 feeds, in the last 24 h',
    ],
    status: 'open',
    owner: { name: 'Bob', email: 'bob@acme.example', slack: 'U0BOB', why: 'last changed orders-db-sg at 2026-11-19T05:00:00.000Z' },
    resources: [
      {
        id: 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-0a1b2c3d4e5f60002',
        type: 'aws.ec2.security-group',
        account: '222222222222',
        region: 'us-east-1',
        name: 'orders-db-sg',
      },
    ],
    findings: [{ id: 'fnd_1', ruleId: 'aws-ec2-security-group-no-world-ingress-db-ports', title: 'open', severity: 'high' }],
    firstSeen: '2026-11-19T06:00:00.000Z',
    lastSeen: '2026-11-20T06:00:00.000Z',
    ...over,
  };
}
