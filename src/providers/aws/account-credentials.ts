import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { homeRegion, parseArn, roleArn } from './partition.js';
import { type ClientMaker, assumeRoleCredentials, baseCredentials } from './provider.js';

export interface AccountCredentialOptions {
  profile?: string;
  /** Role name (or ARN) assumed in accounts other than the caller's, as for `scan aws --assume-role`. */
  assumeRole?: string;
  externalId?: string;
  sessionName?: string;
}

/**
 * Credentials for acting in one account outside a scan (remediation, its verification, targeted
 * refresh): the caller's own account uses the base credentials; any other account assumes the
 * configured role there, exactly as a scan does. Who the caller is (account, partition) is asked
 * of STS once, on first use, so building this costs nothing and a dry-run plan makes no call.
 */
export function accountCredentials(
  make: ClientMaker,
  opts: AccountCredentialOptions,
  base: AwsCredentialIdentityProvider = baseCredentials(opts),
): (account: string) => AwsCredentialIdentityProvider {
  if (!opts.assumeRole) return () => base;
  const role = opts.assumeRole;
  let caller: Promise<{ account: string; partition: string }> | undefined;
  const whoAmI = () => {
    caller ??= (async () => {
      const sts = make(STSClient, { account: 'caller', region: homeRegion('aws'), credentials: base });
      const out = await sts.send(new GetCallerIdentityCommand({}));
      return { account: out.Account ?? '', partition: parseArn(out.Arn ?? '')?.partition ?? 'aws' };
    })().catch((e) => {
      caller = undefined; // a transient failure must not poison every later call
      throw e;
    });
    return caller;
  };
  const assumed = new Map<string, AwsCredentialIdentityProvider>();
  return (account) => async () => {
    const me = await whoAmI();
    if (me.account === account) return base();
    let p = assumed.get(account);
    if (!p) {
      p = assumeRoleCredentials(
        make,
        { account, region: homeRegion(me.partition), master: base },
        {
          roleArn: roleArn(me.partition, account, role),
          ...(opts.externalId && { externalId: opts.externalId }),
          sessionName: opts.sessionName ?? 'skywatch-remediation',
        },
      );
      assumed.set(account, p);
    }
    return p();
  };
}

/** The region a resource's API calls go to: its own, or its partition's home region when global. */
export function actingRegion(region: string, resourceId: string | undefined): string {
  return region === 'global' ? homeRegion(parseArn(resourceId ?? '')?.partition ?? 'aws') : region;
}
