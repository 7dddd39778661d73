import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main.js';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const home = mkdtempSync(join(tmpdir(), 'sw-iam-'));
  const code = await runCli(['--home', home, '--log-level', 'silent', ...args], {
    env: {},
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describe('iam-policy and watch commands', () => {
  it('prints a valid read-only policy document that includes what discovery itself calls', async () => {
    const r = await cli(['iam-policy']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.Version).toBe('2012-10-17');
    const actions = doc.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['sts:GetCallerIdentity', 'organizations:ListAccounts', 'ec2:DescribeRegions']));
    expect(doc.Statement.every((s: { Effect: string; Resource: string }) => s.Effect === 'Allow' && s.Resource === '*')).toBe(true);
  });

  it('prints the cross-account role as CloudFormation and Terraform, validating the trusted account', async () => {
    const cfn = await cli(['iam-policy', '--format', 'cloudformation', '--trusted-account', '999999999999', '--external-id', 'xid']);
    expect(JSON.parse(cfn.out).Resources.SkywatchDiscoveryRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS).toBe(
      'arn:aws:iam::999999999999:root',
    );
    const tf = await cli(['iam-policy', '--format', 'terraform', '--role-name', 'Audit']);
    expect(tf.out).toContain('name                 = "Audit"');
    const bad = await cli(['iam-policy', '--trusted-account', '42']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--trusted-account must be a 12-digit account id');
  });

  it('prints the remediation write policy and its own role, separate from the read-only one', async () => {
    const r = await cli(['iam-policy', '--remediation']);
    expect(r.code).toBe(0);
    const actions: string[] = JSON.parse(r.out).Statement.flatMap((s: { Action: string[] }) => s.Action);
    // What the remediations do (e.g. block public access, revoke an ingress rule), and nothing discovery reads.
    expect(actions).toEqual(expect.arrayContaining(['s3:PutBucketPublicAccessBlock', 'ec2:RevokeSecurityGroupIngress']));
    expect(actions).not.toContain('organizations:ListAccounts');
    const cfn = JSON.parse((await cli(['iam-policy', '--remediation', '--format', 'cloudformation'])).out);
    expect(cfn.Resources.SkywatchRemediationRole.Properties.RoleName).toBe('SkywatchRemediation');
    expect(cfn.Description).toContain('remediation role');
  });

  it('watch aws validates its queue url and duration before touching AWS', async () => {
    expect((await cli(['watch', 'aws'])).err).toContain("required option '--queue-url <url>'");
    const a = await cli(['watch', 'aws', '--queue-url', 'skywatch-events']);
    expect(a.code).toBe(2);
    expect(a.err).toContain("--queue-url must be the queue's URL");
    const b = await cli(['watch', 'aws', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/1/q', '--full-every', 'often']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--full-every');
  });
});
