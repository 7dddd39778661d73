import { DescribeStateMachineCommand, type DescribeStateMachineOutput, paginateListStateMachines, SFNClient } from '@aws-sdk/client-sfn';
import type { CollectContext } from '../../../../core/units/collector.js';
import { defineCollector } from '../../../../core/units/collector.js';
import { configOf, edges, itemsOf, orNull, record } from '../common.js';

const sfn = (ctx: CollectContext) => ctx.client(SFNClient);
export type StateMachine = Omit<DescribeStateMachineOutput, '$metadata'>;

async function* describe(ctx: CollectContext, arns: AsyncIterable<string> | Iterable<string>): AsyncIterable<StateMachine> {
  for await (const stateMachineArn of arns) {
    const r = await orNull(() => sfn(ctx).send(new DescribeStateMachineCommand({ stateMachineArn })), ['StateMachineDoesNotExist']);
    if (!r) continue;
    const { $metadata: _, ...m } = r;
    yield m;
  }
}

async function* arns(ctx: CollectContext): AsyncIterable<string> {
  for await (const m of itemsOf(paginateListStateMachines({ client: sfn(ctx) }, {}), (p) => p.stateMachines)) if (m.stateMachineArn) yield m.stateMachineArn;
}

export default defineCollector<StateMachine>({
  id: 'aws-sfn-state-machine',
  resourceType: 'aws.sfn.state-machine',
  provider: 'aws',
  service: 'sfn',
  scope: 'regional',
  title: 'Step Functions state machines',
  permissions: ['states:ListStateMachines', 'states:DescribeStateMachine'],
  triggers: ['CreateStateMachine', 'UpdateStateMachine', 'DeleteStateMachine'],
  list: (ctx) => describe(ctx, arns(ctx)),
  refresh: (ids, ctx) =>
    describe(
      ctx,
      ids.filter((i) => i.startsWith('arn:')),
    ),
  toResource(raw, hydrated, ctx) {
    const id = raw.stateMachineArn ?? '';
    const resource = record(ctx, { type: 'aws.sfn.state-machine', id, name: raw.name, config: configOf(raw, hydrated) });
    return { resource, edges: edges(id, 'has-role', [raw.roleArn]) };
  },
  fixtures: [
    {
      // ARN from cloud-custodian test_sfn_resource (DescribeStateMachine_3).
      name: 'standard state machine without logging',
      raw: {
        stateMachineArn: 'arn:aws:states:us-east-1:644160558196:stateMachine:Waitstate',
        name: 'Waitstate',
        status: 'ACTIVE',
        definition: '{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":5,"End":true}}}',
        roleArn: 'arn:aws:iam::644160558196:role/service-role/StepFunctions-Waitstate-role',
        type: 'STANDARD',
        creationDate: new Date('2019-08-01T00:00:00Z'),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      },
      expect: { name: 'Waitstate', config: { loggingConfiguration: { level: 'OFF' } } },
      expectEdges: [
        {
          from: 'arn:aws:states:us-east-1:644160558196:stateMachine:Waitstate',
          kind: 'has-role',
          to: 'arn:aws:iam::644160558196:role/service-role/StepFunctions-Waitstate-role',
        },
      ],
    },
  ],
});
