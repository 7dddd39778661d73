import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CollectContext } from '../../../../core/units/collector.js';

export const orgs = (ctx: CollectContext): OrganizationsClient => ctx.client(OrganizationsClient);
