import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { awsErrorCode } from '../../errors.js';
import { configOf, record } from '../common.js';
import { iam, iamArn } from './iam.js';

export type CredentialReportRow = Record<string, string>;
export interface CredentialReport {
  GeneratedTime?: string | Date;
  rows: CredentialReportRow[];
}

/** How long to wait for a report AWS is still generating; tests shorten it. */
export const reportPolling = { delayMs: 2000, attempts: 15 };

/**
 * The report is unquoted CSV. Only the user name (and the ARN that contains it) can hold a comma,
 * so surplus fields on a row are given back to those two columns.
 */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim());
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    let parts = line.split(',');
    const extra = parts.length - header.length;
    if (extra > 0 && extra % 2 === 0) {
      const k = 1 + extra / 2;
      parts = [parts.slice(0, k).join(','), parts.slice(k, 2 * k).join(','), ...parts.slice(2 * k)];
    }
    const row: CredentialReportRow = {};
    header.forEach((h, i) => {
      row[h] = parts[i] ?? '';
    });
    return row;
  });
}

const text = (c: unknown): string => (typeof c === 'string' ? c : c instanceof Uint8Array ? Buffer.from(c).toString('utf8') : '');

async function* read(ctx: CollectContext): AsyncIterable<CredentialReport> {
  for (let i = 0; ; i++) {
    try {
      const r = await iam(ctx).send(new GetCredentialReportCommand({}));
      yield { GeneratedTime: r.GeneratedTime, rows: parseCredentialReport(text(r.Content)) };
      return;
    } catch (err) {
      const code = awsErrorCode(err);
      const waiting = ['ReportNotPresent', 'ReportExpired', 'ReportInProgress', 'ReportNotPresentException', 'ReportInProgressException'].some((c) =>
        code.startsWith(c),
      );
      if (!waiting || i >= reportPolling.attempts) throw err;
      if (!code.startsWith('ReportInProgress')) await iam(ctx).send(new GenerateCredentialReportCommand({}));
      await new Promise((r) => setTimeout(r, reportPolling.delayMs));
    }
  }
}

export default defineCollector<CredentialReport>({
  id: 'aws-iam-credential-report',
  resourceType: 'aws.iam.credential-report',
  provider: 'aws',
  service: 'iam',
  scope: 'global',
  title: 'IAM credential report (incl. the root account)',
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  triggers: [],
  list: read,
  toResource: (raw, hydrated, ctx) => ({
    resource: record(ctx, {
      type: 'aws.iam.credential-report',
      id: iamArn(ctx, 'credential-report'),
      name: `credential report ${ctx.account}`,
      region: 'global',
      config: configOf(raw, hydrated),
    }),
  }),
  fixtures: [
    {
      // Two rows of cloud-custodian test_account_credential_report (GetCredentialReport_1), parsed.
      name: 'root with MFA and a user with an active key',
      raw: {
        GeneratedTime: new Date('2017-02-22T23:07:48Z'),
        rows: parseCredentialReport(
          'user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_1_last_rotated\n' +
            '<root_account>,arn:aws:iam::644160558196:root,2016-05-16T18:13:11+00:00,not_supported,true,false,N/A\n' +
            'andrew,arn:aws:iam::644160558196:user/andrew,2016-08-30T17:37:35+00:00,true,false,true,2016-10-11T15:27:35+00:00\n',
        ),
      },
      context: { account: '644160558196' },
      expect: {
        id: 'arn:aws:iam::644160558196:credential-report',
        config: {
          GeneratedTime: '2017-02-22T23:07:48.000Z',
          rows: [
            { user: '<root_account>', mfa_active: 'true', access_key_1_active: 'false' },
            { user: 'andrew', arn: 'arn:aws:iam::644160558196:user/andrew', mfa_active: 'false', access_key_1_active: 'true' },
          ],
        },
      },
    },
  ],
});
