import { describe, expect, it } from 'vitest';
import { memoryGraph } from '../../../core/resource.js';
import { instance, rec, sg, tcp } from '../exposure/fixtures.js';
import { profileApplications } from './profile.js';

describe('application profiling', () => {
  const mongoSg = sg('sg-mongo', [tcp(27017, '0.0.0.0/0'), tcp(22, '0.0.0.0/0')]);
  const mongo = instance('i-mongo', { subnet: 'subnet-pub', groups: ['sg-mongo'], tags: { Name: 'mongo-1' } });
  const ami = rec('aws.ec2.image', 'arn:aws:ec2:us-east-1:222222222222:image/ami-1', { ImageId: 'ami-1', Name: 'ubuntu-22.04-mongodb-6.0' });
  const pg = instance('i-pg', { subnet: 'subnet-priv', groups: [] });
  const ssm = rec('aws.ssm.managed-instance', 'arn:aws:ssm:us-east-1:222222222222:managed-instance/i-pg', {
    InstanceId: 'i-pg',
    inventory: [
      { Name: 'postgresql-14', Version: '14.9-0ubuntu0.22.04.1' },
      { Name: 'curl', Version: '7.81' },
    ],
  });
  const fn = rec('aws.lambda.function', 'arn:aws:lambda:us-east-1:222222222222:function:etl', { Runtime: 'python3.12' });
  const td = rec('aws.ecs.task-definition', 'arn:aws:ecs:us-east-1:222222222222:task-definition/cache:3', {
    containerDefinitions: [{ name: 'cache', image: 'public.ecr.aws/docker/library/redis:7.2' }],
  });
  const tagged = instance('i-tag', { subnet: 'subnet-priv', groups: [], tags: { role: 'elasticsearch-node' } });
  const resources = [mongoSg, mongo, ami, pg, ssm, fn, td, tagged];
  const edges = [
    { from: mongo.id, to: mongoSg.id, kind: 'uses-security-group' },
    { from: mongo.id, to: ami.id, kind: 'from-image' },
    { from: ssm.id, to: pg.id, kind: 'is' },
  ];
  const rows = profileApplications({
    graph: memoryGraph(resources, edges),
    resources,
    packages: new Map(),
    listening: new Map([[mongo.id, [{ port: 27017, protocol: 'tcp', lastSeen: '2026-11-19T10:00:00Z' }]]]),
    now: '2026-11-20T12:00:00.000Z',
  });
  const find = (rid: string, app: string) => rows.find((r) => r.resourceId === rid && r.app === app);

  it('MongoDB from AMI name + flow-observed port: high, with each piece of evidence', () => {
    const m = find(mongo.id, 'mongodb');
    expect(m?.confidence).toBe('high');
    expect(m?.version).toBe('6.0');
    expect(m?.ports).toEqual([27017]);
    expect(m?.evidence.map((e) => e.source).sort()).toEqual(['ami-name', 'observed-port', 'security-group-port', 'tags']);
    expect(find(mongo.id, 'ssh')?.confidence).toBe('low');
  });
  it('SSM inventory says PostgreSQL with its version', () => {
    expect(find(pg.id, 'postgresql')).toMatchObject({ confidence: 'high', version: '14.9-0ubuntu0.22.04.1' });
    expect(rows.filter((r) => r.resourceId === pg.id).map((r) => r.app)).toEqual(['postgresql']);
  });
  it('Lambda runtime, container image and tags', () => {
    expect(find(fn.id, 'python')?.confidence).toBe('high');
    expect(find(td.id, 'redis')).toMatchObject({ confidence: 'medium', version: '7.2' });
    expect(find(tagged.id, 'elasticsearch')?.confidence).toBe('low');
  });
});
