import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testData } from '../../../../test/support/stores.js';
import { FlowStreamParser, flowFormat, parseFlowText } from './vpc-flow-parser.js';

/** The Elastic integration's sample lines (Elastic License: read here, never copied). */
const sample = (name: string) => {
  const errors: string[] = [];
  const recs = new FlowStreamParser().all(readFileSync(testData(`flowlog-format-samples-elastic/aws_vpcflow/${name}`)), (l, m) => errors.push(`${l}: ${m}`));
  return { recs, errors };
};

describe('VPC flow-log samples (every line, exact values)', () => {
  it('v2 default format incl. IPv6, NODATA, SKIPDATA and ICMP', () => {
    const { recs, errors } = sample('test-extra-samples.log');
    expect(errors).toEqual([]);
    expect(recs).toEqual([
      {
        version: 2,
        account: '123456789010',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '2001:db8:1234:a100:8d6e:3477:df66:f105',
        dstAddr: '2001:db8:1234:a102:3304:8879:34cf:4071',
        srcPort: 34892,
        dstPort: 22,
        protocol: 6,
        packets: 54,
        bytes: 8855,
        start: 1477913708,
        end: 1477913820,
        action: 'ACCEPT',
        logStatus: 'OK',
      },
      { version: 2, account: '123456789010', interfaceId: 'eni-1235b8ca123456789', start: 1431280876, end: 1431280934, logStatus: 'NODATA' },
      { version: 2, account: '123456789010', interfaceId: 'eni-11111111aaaaaaaaa', start: 1431280876, end: 1431280934, logStatus: 'SKIPDATA' },
      {
        version: 2,
        account: '123456789010',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '78.24.182.42',
        dstAddr: '158.109.0.1',
        srcPort: 20641,
        dstPort: 22,
        protocol: 6,
        packets: 20,
        bytes: 4249,
        start: 1418530010,
        end: 1418530070,
        action: 'ACCEPT',
        logStatus: 'OK',
      },
      {
        version: 2,
        account: '123456789010',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '78.24.182.42',
        dstAddr: '158.109.0.1',
        srcPort: 49761,
        dstPort: 3389,
        protocol: 6,
        packets: 20,
        bytes: 4249,
        start: 1418530010,
        end: 1418530070,
        action: 'REJECT',
        logStatus: 'OK',
      },
      {
        version: 2,
        account: '123456789010',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '203.0.113.12',
        dstAddr: '172.31.16.139',
        srcPort: 0,
        dstPort: 0,
        protocol: 1,
        packets: 4,
        bytes: 336,
        start: 1432917027,
        end: 1432917142,
        action: 'ACCEPT',
        logStatus: 'OK',
      },
      {
        version: 2,
        account: '123456789010',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '172.31.16.139',
        dstAddr: '203.0.113.12',
        srcPort: 0,
        dstPort: 0,
        protocol: 1,
        packets: 4,
        bytes: 336,
        start: 1432917094,
        end: 1432917142,
        action: 'REJECT',
        logStatus: 'OK',
      },
    ]);
  });

  it('v3 custom format from repeated header lines, with tcp-flags and pkt addresses', () => {
    const { recs, errors } = sample('test-tcp-flag-sequence.log');
    expect(errors).toEqual([]);
    const common = {
      version: 3,
      vpcId: 'vpc-abcdefab012345678',
      subnetId: 'subnet-aaaaaaaa012345678',
      instanceId: 'i-01234567890123456',
      interfaceId: 'eni-1235b8ca123456789',
      account: '123456789010',
    };
    expect(recs).toEqual([
      {
        ...common,
        type: 'IPv4',
        srcAddr: '52.213.180.42',
        dstAddr: '10.0.0.62',
        srcPort: 43416,
        dstPort: 5001,
        pktSrcAddr: '52.213.180.42',
        pktDstAddr: '10.0.0.62',
        protocol: 6,
        bytes: 568,
        packets: 8,
        start: 1566848875,
        end: 1566848933,
        action: 'ACCEPT',
        tcpFlags: 2,
        logStatus: 'OK',
      },
      { ...common, start: 1566848875, end: 1566848933, logStatus: 'SKIPDATA' },
      { ...common, start: 1566848875, end: 1566848933, logStatus: 'NODATA' },
    ]);
  });

  it('v5 with every field, headerless', () => {
    const { recs, errors } = sample('test-v5-all-fields.log');
    expect(errors).toEqual([]);
    expect(recs).toEqual([
      {
        version: 5,
        account: '64111117617',
        interfaceId: 'eni-069xxxxxb7a490',
        srcAddr: '89.160.20.156',
        dstAddr: '10.200.0.0',
        srcPort: 50041,
        dstPort: 33004,
        protocol: 17,
        packets: 52,
        bytes: 1,
        start: 164000066,
        end: 1640000297,
        action: 'REJECT',
        logStatus: 'OK',
        vpcId: 'vpc-09676f97xxxxxb8a7',
        subnetId: 'subnet-02d645xxxxxxxdbc0',
        instanceId: 'i-0axxxxxx1ad77',
        tcpFlags: 1,
        type: 'IPv4',
        pktSrcAddr: '89.160.20.156',
        pktDstAddr: '10.200.0.80',
        region: 'us-east-1',
        azId: 'use1-az5',
        pktSrcAwsService: 'AMAZON',
        pktDstAwsService: 'CLOUDFRONT',
        flowDirection: 'ingress',
        trafficPath: 1,
      },
    ]);
  });

  it('v8 with ECS fields and reject-reason, headerless', () => {
    const { recs, errors } = sample('test-v8-samples.log');
    expect(errors).toEqual([]);
    expect(recs).toEqual([
      {
        version: 3,
        account: '000000000000',
        srcAddr: '2a02:cf40::',
        dstAddr: '1.128.0.0',
        srcPort: 42910,
        dstPort: 80,
        protocol: 17,
        packets: 51,
        bytes: 33615,
        start: 1755678754,
        end: 1755678775,
        action: 'REJECT',
        logStatus: 'NODATA',
        flowDirection: 'ingress',
        ecsClusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/backend-cluster',
        ecsClusterName: 'backend-cluster',
        ecsContainerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/backend-cluster/i-18de3682c033431da',
        ecsContainerInstanceId: 'i-18de3682c033431da',
        ecsContainerId: '601a6500-efa',
        ecsSecondContainerId: 'dea79277-480',
        ecsServiceName: 'payments-service',
        ecsTaskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/orders:12',
        ecsTaskArn: 'arn:aws:ecs:us-east-1:000000000000:task/backend-cluster/e504f037-35c',
        ecsTaskId: 'e504f037-35c',
        rejectReason: 'BPA',
      },
    ]);
  });

  it('Transit Gateway flow logs (all ten lines)', () => {
    const { recs, errors } = sample('test-tgw-samples.log');
    expect(errors).toEqual([]);
    expect(recs).toHaveLength(10);
    expect(recs[0]).toEqual({
      version: 3,
      account: '748335378900',
      tgwId: 'tgw-0a12bc34de56f7890',
      tgwAttachmentId: 'tgw-attach-0789ijkl',
      srcAddr: '1.128.0.0',
      dstAddr: '2a02:cf40::',
      srcPort: 39464,
      dstPort: 22,
      protocol: 6,
      packets: 49,
      bytes: 8947,
      start: 1755592533,
      end: 1755592558,
      logStatus: 'SKIPDATA',
      flowDirection: 'ingress',
      extra: {
        'tgw-src-vpc-id': 'vpc-0jkl5678',
        'tgw-dst-vpc-id': 'vpc-0ghi9012',
        'tgw-src-eni': 'eni-0cc3dd4ee5f66aa7b',
        'tgw-dst-eni': 'eni-0cc3dd4ee5f66aa7b',
      },
    });
    expect(
      recs.map((r) => [r.tgwAttachmentId, r.srcAddr, r.dstAddr, r.srcPort, r.dstPort, r.protocol, r.packets, r.bytes, r.start, r.end, r.logStatus]),
    ).toEqual([
      ['tgw-attach-0789ijkl', '1.128.0.0', '2a02:cf40::', 39464, 22, 6, 49, 8947, 1755592533, 1755592558, 'SKIPDATA'],
      ['tgw-attach-0456efgh', '175.16.199.0', '67.43.156.0', 56846, 80, 17, 45, 9771, 1755592543, 1755592598, 'NODATA'],
      ['tgw-attach-0123abcd', '216.160.83.56', '89.160.20.128', 36721, 8080, 17, 13, 6842, 1755592553, 1755592580, 'OK'],
      ['tgw-attach-0789ijkl', '81.2.69.142', '1.128.0.0', 3147, 3389, 17, 48, 5970, 1755592563, 1755592613, 'SKIPDATA'],
      ['tgw-attach-0123abcd', '81.2.69.144', '89.160.20.112', 59410, 80, 17, 3, 6949, 1755592573, 1755592617, 'SKIPDATA'],
      ['tgw-attach-0mno1234', '81.2.69.192', '81.2.69.144', 51593, 80, 6, 42, 3734, 1755592583, 1755592635, 'SKIPDATA'],
      ['tgw-attach-0789ijkl', '89.160.20.112', '81.2.69.192', 42450, 443, 6, 3, 5749, 1755592593, 1755592652, 'OK'],
      ['tgw-attach-0789ijkl', '89.160.20.128', '81.2.69.142', 40879, 3389, 17, 43, 3803, 1755592603, 1755592635, 'SKIPDATA'],
      ['tgw-attach-0mno1234', '67.43.156.0', '216.160.83.56', 47415, 443, 6, 42, 4534, 1755592613, 1755592634, 'OK'],
      ['tgw-attach-0456efgh', '2a02:cf40::', '175.16.199.0', 20385, 3389, 17, 9, 7659, 1755592623, 1755592681, 'SKIPDATA'],
    ]);
  });
});

describe('flow-log parser', () => {
  it('reads a configured custom field list (AWS LogFormat syntax) and keeps unknown fields in extra', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: AWS's LogFormat syntax, not a template
    const fmt = flowFormat('${version} ${srcaddr} ${dstaddr} ${dstport} ${action} ${my-field}');
    expect(parseFlowText('5 1.2.3.4 10.0.0.1 443 ACCEPT hello', fmt)).toEqual({
      version: 5,
      srcAddr: '1.2.3.4',
      dstAddr: '10.0.0.1',
      dstPort: 443,
      action: 'ACCEPT',
      extra: { 'my-field': 'hello' },
    });
  });

  it('skips the CloudWatch Logs export timestamp', () => {
    expect(parseFlowText('2026-11-20T10:00:00.000Z 2 1 eni-1 1.2.3.4 10.0.0.1 5 22 6 1 40 1 2 ACCEPT OK')).toMatchObject({ srcAddr: '1.2.3.4', dstPort: 22 });
  });

  it('names what is wrong with a bad line', () => {
    expect(() => parseFlowText('2 1 eni-1 1.2.3.4 10.0.0.1 x 22 6 1 40 1 2 ACCEPT OK')).toThrow('srcport "x" is not a number');
    expect(() => parseFlowText('2 1 eni-1 1.2.3.4 10.0.0.1 5 22 6 1 40 1 2 MAYBE OK')).toThrow('not ACCEPT or REJECT');
    expect(() => parseFlowText('2 1 eni-1 1.2.3.4')).toThrow('4 fields matches no default');
  });
});
