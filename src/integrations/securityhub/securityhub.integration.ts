import { type AwsSecurityFinding, BatchImportFindingsCommand, DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { z } from 'zod';
import { IntegrationError } from '../../core/errors.js';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { awsClientConfig, awsCredentials, awsOptions } from '../aws.js';
import { toAsff } from '../formats/asff.js';
import { awsError } from '../http.js';

/**
 * AWS Security Hub: each alert imported as an ASFF finding (BatchImportFindings). The finding id is
 * the alert's dedup key, so re-imports update it; resolving sets Workflow RESOLVED and archives it.
 */
const options = z.strictObject({ ...awsOptions, accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'), productArn: z.string().optional() });
type Ctx = { options: z.infer<typeof options>; credentials: z.infer<typeof awsCredentials>; checkHost?: (h: string) => Promise<void> };

async function client(ctx: Ctx) {
  return new SecurityHubClient(await awsClientConfig(ctx.options, ctx.credentials, ctx.checkHost));
}

async function importOne(a: AlertPayload, ctx: Ctx) {
  const finding = toAsff(a, {
    accountId: ctx.options.accountId,
    region: ctx.options.region,
    ...(ctx.options.productArn && { productArn: ctx.options.productArn }),
  });
  let r: { FailedCount?: number; FailedFindings?: { Id?: string; ErrorCode?: string; ErrorMessage?: string }[] };
  try {
    r = await (await client(ctx)).send(new BatchImportFindingsCommand({ Findings: [finding as unknown as AwsSecurityFinding] }));
  } catch (e) {
    throw awsError('securityhub BatchImportFindings', e);
  }
  if (r.FailedCount) {
    const f = r.FailedFindings?.[0];
    throw new IntegrationError(`securityhub BatchImportFindings: ${f?.ErrorCode}: ${f?.ErrorMessage}`, {
      retryable: /Throttl|Internal/.test(f?.ErrorCode ?? ''),
    });
  }
  return { externalId: finding.Id as string };
}

export default defineIntegration({
  id: 'securityhub',
  version: 1,
  title: 'AWS Security Hub (ASFF BatchImportFindings)',
  category: 'cloud',
  options,
  credentials: awsCredentials,
  async test(ctx) {
    try {
      await (await client(ctx)).send(new DescribeHubCommand({}));
    } catch (e) {
      throw awsError('securityhub DescribeHub', e);
    }
  },
  send: (a, ctx) => importOne(a, ctx),
  update: (a, _id, ctx) => importOne(a, ctx),
  async close(a, _id, ctx) {
    await importOne({ ...a, status: 'resolved' }, ctx);
  },
});
