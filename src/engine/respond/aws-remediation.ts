import type { SkywatchConfig } from '../../core/config.js';
import type { RemediationContext } from '../../core/units/remediation.js';
import { accountCredentials, actingRegion } from '../../providers/aws/account-credentials.js';
import type { Store } from '../../store/index.js';
import { ClientFactory } from '../discover/client-factory.js';
import { loadUnits } from '../units.js';
import { discoveryRecollector } from './recollect.js';
import { type RemediateDeps, checkVerifier } from './remediate.js';

/**
 * How remediation reaches AWS, the same for `skywatch remediate` and the API: the caller's own
 * account with its credentials, member accounts through `remediation.assumeRole` (else the scan's
 * `aws.assumeRole`), global resources in their partition's home region, `aws.endpoint` honoured;
 * verification re-collects through discovery with the same credentials and re-runs the fixed checks.
 */
export function awsRemediation(
  store: Store,
  config: SkywatchConfig,
  env: Record<string, string | undefined>,
): Required<Pick<RemediateDeps, 'context' | 'verify'>> {
  const endpoint = config.aws?.endpoint;
  const factory = new ClientFactory({ ...(endpoint && { endpoint }), env });
  const role = config.remediation?.assumeRole ?? config.aws?.assumeRole;
  const externalId = config.remediation?.externalId ?? config.aws?.externalId;
  const credentialsFor = accountCredentials(factory.make, {
    ...(config.aws?.profile && { profile: config.aws.profile }),
    ...(role && { assumeRole: role }),
    ...(externalId && { externalId }),
  });
  return {
    // Mutations use plain clients, not discovery's retrying factory: a retried write could apply twice.
    context: (account, region, resourceId): RemediationContext => {
      const at = actingRegion(region, resourceId);
      return { account, region: at, client: (C) => new C({ region: at, credentials: credentialsFor(account), ...(endpoint && { endpoint }) } as never) };
    },
    verify: checkVerifier(discoveryRecollector({ store, factory, collectors: loadUnits().collectors, credentialsFor })),
  };
}
