import { ECSClient } from '@aws-sdk/client-ecs';
import type { CollectContext } from '../../../../core/units/collector.js';

export const ecs = (ctx: CollectContext): ECSClient => ctx.client(ECSClient);

/** ECS tags are `{key, value}`; common.flatTags reads both spellings. */
export const ECS_TAG_TRIGGERS = ['TagResource', 'UntagResource'] as const;
