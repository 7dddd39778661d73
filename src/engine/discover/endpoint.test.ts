import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorUnit, defineCollector } from '../../core/units/collector.js';
import { openStore } from '../../store/index.js';
import { ClientFactory } from './client-factory.js';
import { runDiscovery } from './run.js';

/**
 * A minimal AWS-compatible endpoint on 127.0.0.1: answers STS GetCallerIdentity, EC2 DescribeRegions
 * and DescribeVpcs (query protocol, XML), and "unknown operation" for everything else. The real SDK
 * clients reach it through AWS_ENDPOINT_URL only: the factory must not override it.
 */
let server: Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = new URLSearchParams(body).get('Action') ?? target.split('.').pop() ?? '';
      seen.push(action);
      const xml = (s: string) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(s);
      };
      if (action === 'GetCallerIdentity')
        return xml(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId><Account>000000000000</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
      if (action === 'DescribeRegions')
        return xml(
          '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>x</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>',
        );
      if (action === 'DescribeVpcs')
        return xml(
          '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item><vpcId>vpc-local1</vpcId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>true</isDefault></item></vpcSet></DescribeVpcsResponse>',
        );
      if (target) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'UnknownOperation;Sender' });
        return res.end(JSON.stringify({ __type: 'com.amazonaws#UnknownOperationException', message: `${action} is not supported by this endpoint` }));
      }
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${action} not supported</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const vpcs = defineCollector<{ VpcId: string }>({
  id: 'local-vpc',
  resourceType: 'aws.ec2.vpc',
  provider: 'aws',
  service: 'ec2',
  scope: 'regional',
  title: 'VPCs',
  permissions: ['ec2:DescribeVpcs'],
  async *list(ctx) {
    yield* ((await ctx.client(EC2Client).send(new DescribeVpcsCommand({}))).Vpcs ?? []) as { VpcId: string }[];
  },
  toResource: (v, _h, ctx) => ({
    resource: {
      id: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:vpc/${v.VpcId}`,
      type: 'aws.ec2.vpc',
      provider: 'aws',
      account: ctx.account,
      region: ctx.region,
      name: v.VpcId,
      tags: {},
      config: { ...v },
    },
  }),
  fixtures: [],
});
const queues = defineCollector<string>({
  id: 'local-queue',
  resourceType: 'aws.sqs.queue',
  provider: 'aws',
  service: 'sqs',
  scope: 'regional',
  title: 'queues',
  permissions: ['sqs:ListQueues'],
  async *list(ctx) {
    yield* (await ctx.client(SQSClient).send(new ListQueuesCommand({}))).QueueUrls ?? [];
  },
  toResource: (u, _h, ctx) => ({
    resource: { id: u, type: 'aws.sqs.queue', provider: 'aws', account: ctx.account, region: ctx.region, name: u, tags: {}, config: {} },
  }),
  fixtures: [],
});

describe('an AWS-compatible endpoint via AWS_ENDPOINT_URL', () => {
  it('collects what the endpoint serves and records a gap for the rest', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    try {
      const store = await openStore({ sqliteFile: ':memory:' });
      const s = await runDiscovery({ store, collectors: [vpcs, queues] as CollectorUnit<any>[], factory: new ClientFactory({ maxAttempts: 1 }) });
      expect(s.accounts).toEqual([{ id: '000000000000', name: '000000000000', regions: ['us-east-1'] }]);
      expect(await store.resources.get('arn:aws:ec2:us-east-1:000000000000:vpc/vpc-local1')).toBeDefined();
      const kinds = s.gaps.map((g) => `${g.service}:${g.operation}:${g.kind}`);
      expect(kinds).toContain('sqs:ListQueues:unsupported');
      expect(kinds.some((k) => k.startsWith('organizations:ListAccounts:'))).toBe(true);
      expect(seen).toContain('DescribeVpcs');
      await store.close();
    } finally {
      process.env = saved;
    }
  });
});
