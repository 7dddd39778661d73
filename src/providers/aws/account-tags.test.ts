import type { ListTagsForResourceCommand } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { accountTags } from './provider.js';

describe('accountTags', () => {
  it('pages through each account, and turns a failure into a problem for that account only', async () => {
    const org = {
      send: async (cmd: unknown) => {
        const input = (cmd as ListTagsForResourceCommand).input;
        if (input.ResourceId === '222222222222')
          throw Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
        if (!input.NextToken) return { Tags: [{ Key: 'team', Value: 'payments' }], NextToken: 'p2' };
        return { Tags: [{ Key: 'env', Value: 'prod' }] };
      },
    };
    const r = await accountTags(org as never, ['111111111111', '222222222222']);
    expect(r.tags.get('111111111111')).toEqual({ team: 'payments', env: 'prod' });
    expect(r.tags.has('222222222222')).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({ account: '222222222222', service: 'organizations', operation: 'ListTagsForResource', kind: 'access-denied' }),
    ]);
  });
});
