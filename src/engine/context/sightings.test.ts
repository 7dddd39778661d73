import { describe, expect, it } from 'vitest';
import { howSeen } from './index.js';

const BAD = '45.148.10.240';
const ME = '10.0.1.5';
const rec = (o: Record<string, unknown>) => ({ protocol: 'tcp', action: 'ACCEPT', ...o });

describe('howSeen: how a finding shows a listed address', () => {
  it('accepted traffic the address started is "from"; our answers to it say the same', () => {
    expect(howSeen(BAD, { records: [rec({ srcAddr: BAD, srcPort: 51000, dstAddr: ME, dstPort: 5432 })] })).toBe('from');
    expect(howSeen(BAD, { details: { records: [rec({ srcAddr: ME, srcPort: 22, dstAddr: BAD, dstPort: 40022 })] } })).toBe('from');
    // Behind a load balancer or NAT the original client is in pkt-srcaddr.
    expect(howSeen(BAD, [rec({ srcAddr: '10.0.0.9', pktSrcAddr: BAD, srcPort: 51000, dstAddr: ME, dstPort: 443 })])).toBe('from');
  });

  it('our connections to the address, and its answers to them, are "to"', () => {
    // A miner's flow to a pool, and the pool's answers (source port 3333 is the service side).
    expect(howSeen(BAD, { records: [rec({ srcAddr: ME, srcPort: 40100, dstAddr: BAD, dstPort: 3333 })] })).toBe('to');
    expect(howSeen(BAD, { records: [rec({ srcAddr: BAD, srcPort: 3333, dstAddr: ME, dstPort: 40100 })] })).toBe('to');
    // A SYN-ACK from the address answers our SYN.
    expect(howSeen(BAD, { records: [rec({ srcAddr: BAD, srcPort: 50001, dstAddr: ME, dstPort: 50002, tcpFlags: 18 })] })).toBe('to');
  });

  it('one accepted inbound flow decides over outbound ones; rejected attempts never do', () => {
    const out = rec({ srcAddr: ME, srcPort: 40100, dstAddr: BAD, dstPort: 3333 });
    const inbound = rec({ srcAddr: BAD, srcPort: 51000, dstAddr: ME, dstPort: 22 });
    expect(howSeen(BAD, { records: [out, inbound] })).toBe('from');
    expect(howSeen(BAD, { records: [{ ...inbound, action: 'REJECT' }] })).toBe('named');
    expect(howSeen(BAD, { records: [{ ...inbound, action: 'REJECT' }, out] })).toBe('to');
  });

  it('a CloudTrail event from the address is "api"; only named elsewhere (a DNS answer) is "named"', () => {
    expect(howSeen(BAD, { events: [{ eventName: 'GetCallerIdentity', sourceIPAddress: BAD }] })).toBe('api');
    expect(howSeen(BAD, { records: [{ queryName: 'pool.example.', answers: [{ Rdata: BAD, Type: 'A' }] }] })).toBe('named');
  });
});
