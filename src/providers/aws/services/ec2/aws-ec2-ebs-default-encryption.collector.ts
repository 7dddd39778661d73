import { GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, record } from '../common.js';
import { ec2 } from './ec2.js';

export interface EbsDefaultEncryption {
  EbsEncryptionByDefault: boolean;
  KmsKeyId: string | null;
}

async function* read(ctx: CollectContext): AsyncIterable<EbsDefaultEncryption> {
  const on = await ec2(ctx).send(new GetEbsEncryptionByDefaultCommand({}));
  const key = await ec2(ctx).send(new GetEbsDefaultKmsKeyIdCommand({}));
  yield { EbsEncryptionByDefault: on.EbsEncryptionByDefault === true, KmsKeyId: key.KmsKeyId ?? null };
}

export default defineCollector<EbsDefaultEncryption>({
  id: 'aws-ec2-ebs-default-encryption',
  resourceType: 'aws.ec2.ebs-default-encryption',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'EBS encryption by default (one per region)',
  permissions: ['ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId'],
  triggers: ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault', 'ModifyEbsDefaultKmsKeyId', 'ResetEbsDefaultKmsKeyId'],
  list: read,
  refresh: (_ids, ctx) => read(ctx),
  toResource(raw, hydrated, ctx) {
    const id = arn(ctx, 'ec2', 'ebs-default-encryption');
    return {
      resource: record(ctx, { type: 'aws.ec2.ebs-default-encryption', id, name: `ebs-default-encryption ${ctx.region}`, config: configOf(raw, hydrated) }),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_account_disable_ebs_encrypt: encryption by default switched off.
      name: 'region without default encryption',
      raw: { EbsEncryptionByDefault: false, KmsKeyId: 'alias/aws/ebs' },
      context: { region: 'eu-west-1' },
      expect: { id: 'arn:aws:ec2:eu-west-1:123456789012:ebs-default-encryption', region: 'eu-west-1', config: { EbsEncryptionByDefault: false } },
    },
  ],
});
