import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { accountCredentials, actingRegion } from './account-credentials.js';
import type { ClientMaker } from './provider.js';

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const made: { account: string; region: string }[] = [];
const make: ClientMaker = (C, where) => {
  made.push({ account: where.account, region: where.region });
  return new C({ region: where.region, credentials: where.credentials } as never);
};
const base = async () => ({ accessKeyId: 'AKIDBASE', secretAccessKey: 'base' });

describe('accountCredentials', () => {
  it('uses the base credentials everywhere when no role is configured, without calling STS', async () => {
    const creds = accountCredentials(make, {}, base);
    expect((await creds('222222222222')()).accessKeyId).toBe('AKIDBASE');
    expect(sts.calls()).toHaveLength(0);
  });

  it("acts in the caller's own account with its credentials and assumes the role in member accounts", async () => {
    made.length = 0;
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws-us-gov:iam::111111111111:user/ops' });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) },
    });
    const creds = accountCredentials(make, { assumeRole: 'SkywatchRemediation', externalId: 'ext-1' }, base);
    expect((await creds('111111111111')()).accessKeyId).toBe('AKIDBASE');
    const member = creds('222222222222');
    expect((await member()).accessKeyId).toBe('ASIAMEMBER');
    expect((await creds('222222222222')()).accessKeyId).toBe('ASIAMEMBER'); // cached, not assumed again
    const assumes = sts.commandCalls(AssumeRoleCommand);
    expect(assumes).toHaveLength(1);
    expect(assumes[0]?.args[0].input).toMatchObject({
      RoleArn: 'arn:aws-us-gov:iam::222222222222:role/SkywatchRemediation',
      ExternalId: 'ext-1',
      RoleSessionName: 'skywatch-remediation',
    });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    // The assume call goes to the caller's partition's home region.
    expect(made.some((m) => m.account === '222222222222' && m.region === 'us-gov-west-1')).toBe(true);
  });

  it('asks STS again after a failed identity call instead of failing forever', async () => {
    sts.on(GetCallerIdentityCommand).rejectsOnce(new Error('network down')).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:root' });
    const creds = accountCredentials(make, { assumeRole: 'R' }, base);
    await expect(creds('111111111111')()).rejects.toThrow('network down');
    expect((await creds('111111111111')()).accessKeyId).toBe('AKIDBASE');
  });
});

describe('actingRegion', () => {
  it("sends global resources to their partition's home region and keeps regional ones", () => {
    expect(actingRegion('global', 'arn:aws-cn:iam::111111111111:role/x')).toBe('cn-north-1');
    expect(actingRegion('global', 'arn:aws:iam::111111111111:role/x')).toBe('us-east-1');
    expect(actingRegion('eu-west-1', 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1')).toBe('eu-west-1');
  });
});
