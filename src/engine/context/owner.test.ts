import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../core/resource.js';
import { attribute, combinedTrail, identityName, lookupEventsTrail } from './owner.js';

const sg: ResourceRecord = {
  id: 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1',
  type: 'aws.ec2.security-group',
  provider: 'aws',
  account: '222222222222',
  region: 'us-east-1',
  name: 'orders-db-sg',
  tags: {},
  config: {},
};

describe('attribution', () => {
  it('names identities from ARNs and role sessions', () => {
    expect(identityName('arn:aws:iam::1:user/bob')).toBe('bob');
    expect(identityName('arn:aws:iam::1:user/team/dev/bob')).toBe('bob');
    expect(identityName('arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_abc/carol@acme.example')).toBe('carol@acme.example');
  });

  it('CloudTrail LookupEvents (90 days): the last human modifier wins over automation, with contact and why', async () => {
    const calls: unknown[] = [];
    const trail = lookupEventsTrail(
      async (input) => {
        calls.push(input);
        return {
          Events: [
            {
              EventId: 'e3',
              EventName: 'DescribeSecurityGroups',
              EventTime: new Date('2026-11-19T06:00:00Z'),
              ReadOnly: 'true',
              CloudTrailEvent: '{"userIdentity":{"arn":"arn:aws:iam::222222222222:user/alice"}}',
            },
            {
              EventId: 'e2',
              EventName: 'AuthorizeSecurityGroupIngress',
              EventTime: new Date('2026-11-19T05:00:00Z'),
              CloudTrailEvent: '{"userIdentity":{"arn":"arn:aws:iam::222222222222:user/bob"}}',
            },
            {
              EventId: 'e4',
              EventName: 'ModifySecurityGroupRules',
              EventTime: new Date('2026-11-19T07:00:00Z'),
              CloudTrailEvent: '{"userIdentity":{"arn":"arn:aws:sts::222222222222:assumed-role/ci/deploy-bot"}}',
            },
            {
              EventId: 'e1',
              EventName: 'CreateSecurityGroup',
              EventTime: new Date('2026-10-01T00:00:00Z'),
              CloudTrailEvent: '{"userIdentity":{"arn":"arn:aws:iam::222222222222:user/carol"}}',
            },
          ],
        };
      },
      () => new Date('2026-11-20T12:00:00Z'),
    );
    const o = await attribute({
      resources: [sg],
      trail: combinedTrail(trail),
      contacts: { bob: { name: 'Bob', email: 'bob@acme.example', team: 'payments' } },
    });
    expect(o).toMatchObject({ name: 'Bob', email: 'bob@acme.example', team: 'payments', source: 'last-modifier' });
    expect(o?.why).toBe('last changed orders-db-sg (AuthorizeSecurityGroupIngress, event e2) at 2026-11-19T05:00:00.000Z');
    expect(calls[0]).toMatchObject({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'sg-1' }],
      StartTime: new Date('2026-08-22T12:00:00Z'),
    });
  });

  it('falls back to the owner tag, then the team tag, then the account mapping', async () => {
    const none = { changes: async () => [] };
    expect((await attribute({ resources: [{ ...sg, tags: { Owner: 'dave' } }], trail: none }))?.why).toBe('orders-db-sg is tagged Owner=dave');
    expect(await attribute({ resources: [{ ...sg, tags: { team: 'data' } }], trail: none })).toMatchObject({ name: 'data', source: 'team-tag' });
    expect(await attribute({ resources: [sg], trail: none, teams: { payments: { accounts: ['222222222222'] } } })).toMatchObject({
      name: 'payments',
      source: 'account-team',
    });
    expect(await attribute({ resources: [sg], trail: none })).toBeUndefined();
  });

  it("the alert's own resource: its owner or team tag outranks a neighbour's owner tag, not the audit trail", async () => {
    const none = { changes: async () => [] };
    const host = { ...sg, id: 'arn:aws:ec2:eu-west-1:333333333333:instance/i-3', type: 'aws.ec2.instance', name: 'ci-runner-3', tags: { team: 'platform' } };
    const neighbour = { ...sg, id: 'arn:aws:ec2:eu-west-1:333333333333:instance/i-1', type: 'aws.ec2.instance', name: 'dev-box-1', tags: { owner: 'bob' } };
    // Without an anchor every resource's owner tag comes before any team (as before).
    expect(await attribute({ resources: [host, neighbour], trail: none })).toMatchObject({ name: 'bob', source: 'owner-tag' });
    expect(await attribute({ resources: [host, neighbour], anchor: host.id, trail: none })).toMatchObject({
      name: 'platform',
      source: 'team-tag',
      why: 'ci-runner-3 is tagged team=platform',
    });
    expect(await attribute({ resources: [host, neighbour], anchor: host.id, trail: none, teams: { dev: { accounts: ['333333333333'] } } })).toMatchObject({
      name: 'platform',
    });
    // An anchor with no tags of its own leaves it to the neighbours (its account's team comes last).
    const bare = { ...host, tags: {} };
    expect(await attribute({ resources: [bare, neighbour], anchor: bare.id, trail: none, teams: { dev: { accounts: ['333333333333'] } } })).toMatchObject({
      name: 'bob',
    });
    // The person who changed a resource still comes first.
    const trail = {
      changes: async (id: string) =>
        id === neighbour.id
          ? [
              {
                resourceId: id,
                kind: 'modify' as const,
                actor: 'arn:aws:iam::333333333333:user/erin',
                action: 'ModifyInstanceAttribute',
                at: '2026-11-20T10:00:00Z',
              },
            ]
          : [],
    };
    expect(await attribute({ resources: [host, neighbour], anchor: host.id, trail })).toMatchObject({ name: 'erin', source: 'last-modifier' });
  });
});
