import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { collectAll, configOf, edges, itemsOf, record, tokenPages } from '../common.js';

const eb = (ctx: CollectContext) => ctx.client(EventBridgeClient);

export default defineCollector<Rule>({
  id: 'aws-eventbridge-rule',
  resourceType: 'aws.eventbridge.rule',
  provider: 'aws',
  service: 'eventbridge',
  scope: 'regional',
  title: 'EventBridge rules on the default bus, with their targets',
  permissions: ['events:ListRules'],
  triggers: ['PutRule', 'DeleteRule', 'EnableRule', 'DisableRule', 'PutTargets', 'RemoveTargets'],
  list: (ctx) =>
    itemsOf(
      tokenPages(
        (NextToken) => eb(ctx).send(new ListRulesCommand({ NextToken })),
        (p) => p.NextToken,
      ),
      (p) => p.Rules,
    ),
  hydrate: {
    targets: {
      permissions: ['events:ListTargetsByRule'],
      fetch: (raw, ctx) =>
        collectAll(
          itemsOf(
            tokenPages(
              (NextToken) => eb(ctx).send(new ListTargetsByRuleCommand({ Rule: raw.Name, EventBusName: raw.EventBusName, NextToken })),
              (p) => p.NextToken,
            ),
            (p) => p.Targets,
          ),
        ),
    },
  },
  toResource(raw, hydrated, ctx) {
    const id = raw.Arn ?? '';
    const resource = record(ctx, { type: 'aws.eventbridge.rule', id, name: raw.Name, config: configOf(raw, hydrated) });
    return {
      resource,
      edges: edges(
        id,
        'targets',
        ((hydrated.targets as { Arn?: string }[] | undefined) ?? []).map((t) => t.Arn),
      ),
    };
  },
  fixtures: [
    {
      // From cloud-custodian test_cwe_rule_target_cross (ListRules_3), with one SQS target.
      name: 'enabled rule on Athena events sending to a queue',
      raw: {
        Name: 'rule-2',
        Arn: 'arn:aws:events:us-west-1:644160558196:rule/my-event-bus/rule-2',
        EventPattern: '{"source":["aws.athena"]}',
        State: 'ENABLED',
        EventBusName: 'my-event-bus',
      },
      hydrated: { targets: [{ Id: 't1', Arn: 'arn:aws:sqs:us-west-1:644160558196:events' }] },
      context: { region: 'us-west-1' },
      expect: { name: 'rule-2', config: { State: 'ENABLED' } },
      expectEdges: [
        { from: 'arn:aws:events:us-west-1:644160558196:rule/my-event-bus/rule-2', kind: 'targets', to: 'arn:aws:sqs:us-west-1:644160558196:events' },
      ],
    },
  ],
});
