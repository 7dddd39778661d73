import type { FlowRecord } from '../../../core/events.js';
import { defineLogSource } from '../../../core/units/log-source.js';
import { isHeaderLine, parseFlowText } from './vpc-flow-parser.js';

/**
 * AWS VPC and Transit Gateway flow logs, one text line per record. A header line yields nothing
 * (the file reader uses it as the format of the lines after it); a headerless line is read with
 * AWS's default layout for its field count (v2, all-fields v3/v4/v5/v7/v8, or Transit Gateway).
 */
export default defineLogSource<FlowRecord>({
  id: 'aws-vpc-flow',
  title: 'AWS VPC flow logs',
  provider: 'aws',
  framing: 'text-lines',
  normalise(raw) {
    const line = String(raw);
    const buf = Buffer.from(line, 'latin1');
    if (isHeaderLine(buf, 0, buf.length)) return null;
    return parseFlowText(line);
  },
  fixtures: [
    {
      name: 'default v2 record',
      raw: '2 123456789010 eni-0a1b2c3d 203.0.113.12 10.0.1.5 49152 22 6 20 4249 1418530010 1418530070 REJECT OK',
      expect: {
        version: 2,
        account: '123456789010',
        interfaceId: 'eni-0a1b2c3d',
        srcAddr: '203.0.113.12',
        dstAddr: '10.0.1.5',
        srcPort: 49152,
        dstPort: 22,
        protocol: 6,
        packets: 20,
        bytes: 4249,
        start: 1418530010,
        end: 1418530070,
        action: 'REJECT',
        logStatus: 'OK',
      },
    },
    {
      name: 'NODATA record',
      raw: '2 123456789010 eni-0a1b2c3d - - - - - - - 1431280876 1431280934 - NODATA',
      expect: { version: 2, interfaceId: 'eni-0a1b2c3d', start: 1431280876, end: 1431280934, logStatus: 'NODATA' },
    },
    {
      name: 'IPv6 record',
      raw: '2 123456789010 eni-0a1b2c3d 2001:db8::1 2001:db8::2 34892 443 6 54 8855 1477913708 1477913820 ACCEPT OK',
      expect: { srcAddr: '2001:db8::1', dstAddr: '2001:db8::2', dstPort: 443 },
    },
    {
      name: 'header line',
      raw: 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
      expect: null,
    },
  ],
});
