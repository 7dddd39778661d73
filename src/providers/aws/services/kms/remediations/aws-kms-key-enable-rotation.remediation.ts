import { DisableKeyRotationCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { defineRemediation } from '../../../../../core/units/remediation.js';

export default defineRemediation<{ KeyId?: string; KeyManager?: string; KeySpec?: string; KeyState?: string; rotationEnabled?: boolean }>({
  id: 'aws-kms-key-enable-rotation',
  title: 'Enable automatic rotation of a customer-managed KMS key',
  resourceType: 'aws.kms.key',
  fixes: ['aws-kms-key-rotation-enabled'],
  permissions: ['kms:EnableKeyRotation', 'kms:DisableKeyRotation', 'kms:GetKeyRotationStatus'],
  impact: 'None for callers: KMS keeps old key material to decrypt existing data.',
  plan(r) {
    const c = r.config;
    if (
      c.rotationEnabled !== false ||
      c.KeyManager !== 'CUSTOMER' ||
      (c.KeySpec && c.KeySpec !== 'SYMMETRIC_DEFAULT') ||
      (c.KeyState && c.KeyState !== 'Enabled')
    )
      return null;
    return {
      remediationId: 'aws-kms-key-enable-rotation',
      resourceId: r.id,
      summary: `enable rotation of key ${c.KeyId}`,
      changes: [{ field: 'rotationEnabled', before: false, after: true }],
      data: { keyId: c.KeyId ?? r.id },
    };
  },
  async apply(plan, ctx) {
    await ctx.client(KMSClient).send(new EnableKeyRotationCommand({ KeyId: String(plan.data.keyId) }));
  },
  async rollback(plan, ctx) {
    await ctx.client(KMSClient).send(new DisableKeyRotationCommand({ KeyId: String(plan.data.keyId) }));
  },
  fixtures: [
    {
      name: 'customer key without rotation',
      resource: { config: { KeyId: 'k1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', rotationEnabled: false } },
      expectChanges: 1,
    },
    { name: 'AWS-managed key', resource: { config: { KeyId: 'k2', KeyManager: 'AWS', rotationEnabled: false } }, expectChanges: 0 },
  ],
});
