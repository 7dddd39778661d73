import { type ParameterMetadata, paginateDescribeParameters } from '@aws-sdk/client-ssm';
import { defineCollector } from '../../../../core/units/collector.js';
import { arn, configOf, itemsOf, record } from '../common.js';
import { ssm } from './ssm.js';

export default defineCollector<ParameterMetadata>({
  id: 'aws-ssm-parameter',
  resourceType: 'aws.ssm.parameter',
  provider: 'aws',
  service: 'ssm',
  scope: 'regional',
  title: 'SSM Parameter Store parameters (metadata only, never values)',
  permissions: ['ssm:DescribeParameters'],
  triggers: ['PutParameter', 'DeleteParameter', 'DeleteParameters', 'LabelParameterVersion'],
  list: (ctx) => itemsOf(paginateDescribeParameters({ client: ssm(ctx) }, {}), (p) => p.Parameters),
  // Events name parameters by name (`/app/db-url`) or ARN (`…:parameter/app/db-url`).
  refresh: (ids, ctx) => {
    const names = ids
      .map((i) => (i.includes(':parameter') ? i.slice(i.indexOf(':parameter') + ':parameter'.length) : i))
      .map((n) => (n.startsWith('//') ? n.slice(1) : n));
    return itemsOf(
      paginateDescribeParameters({ client: ssm(ctx) }, { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: names.slice(0, 50) }] }),
      (p) => p.Parameters,
    );
  },
  toResource(raw, hydrated, ctx) {
    // `parameter/name` for plain names; hierarchical names already start with `/`.
    const name = raw.Name ?? '';
    const id = raw.ARN ?? arn(ctx, 'ssm', `parameter${name.startsWith('/') ? '' : '/'}${name}`);
    return { resource: record(ctx, { type: 'aws.ssm.parameter', id, name, config: configOf(raw, hydrated) }) };
  },
  fixtures: [
    {
      // From cloud-custodian test_ssm_parameter_delete (DescribeParameters_1).
      name: 'plain String parameter',
      raw: {
        Name: 'not_secret',
        Type: 'String',
        LastModifiedDate: new Date('2020-05-29T13:27:06Z'),
        LastModifiedUser: 'arn:aws:iam::644160558196:user/kapil',
        Version: 1,
        Tier: 'Standard',
        Policies: [],
        DataType: 'text',
      },
      context: { account: '644160558196' },
      expect: { id: 'arn:aws:ssm:us-east-1:644160558196:parameter/not_secret', name: 'not_secret', config: { Type: 'String' } },
    },
  ],
});
