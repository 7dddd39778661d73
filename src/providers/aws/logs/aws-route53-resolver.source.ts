import type { DnsQuery } from '../../../core/events.js';
import { defineLogSource } from '../../../core/units/log-source.js';
import { normaliseResolverRecord } from './route53-resolver-parser.js';

/** Route 53 Resolver query logs (S3 or CloudWatch Logs delivery): one JSON object per line. */
export default defineLogSource<DnsQuery>({
  id: 'aws-route53-resolver',
  title: 'Route 53 Resolver query logs',
  provider: 'aws',
  framing: 'json-lines',
  normalise: (raw) => normaliseResolverRecord(raw),
  fixtures: [
    {
      name: 'A query answered',
      raw: {
        version: '1.100000',
        account_id: '222222222222',
        region: 'us-east-1',
        vpc_id: 'vpc-0a1b2c3d',
        query_timestamp: '2026-11-20T10:00:00Z',
        query_name: 'minexmr.stream.',
        query_type: 'A',
        query_class: 'IN',
        rcode: 'NOERROR',
        answers: [{ Rdata: '45.148.10.240', Type: 'A', Class: 'IN' }],
        srcaddr: '10.30.1.40',
        srcport: '53153',
        transport: 'UDP',
        srcids: { instance: 'i-0d1e2f3a4b5c60003' },
      },
      expect: {
        time: Date.parse('2026-11-20T10:00:00Z'),
        account: '222222222222',
        queryName: 'minexmr.stream.',
        queryType: 'A',
        rcode: 'NOERROR',
        srcAddr: '10.30.1.40',
        srcPort: 53153,
        instanceId: 'i-0d1e2f3a4b5c60003',
        answers: [{ type: 'A', data: '45.148.10.240' }],
      },
    },
    {
      name: 'space-separated timestamp and a single answer object',
      raw: { query_timestamp: '2022-06-25 00:27:53', query_name: 'example.com', query_type: 'A', rcode: 'NXDOMAIN', answers: { Rdata: '1.2.3.4', Type: 'A' } },
      expect: { time: Date.parse('2022-06-25T00:27:53Z'), rcode: 'NXDOMAIN', answers: [{ type: 'A', data: '1.2.3.4' }] },
    },
  ],
});
