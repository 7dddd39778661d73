import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../core/resource.js';
import { formatV4 } from '../intel/ip.js';
import { AttributionIndex } from './attribution.js';

describe('AttributionIndex.addressV4 behind its bit filter', () => {
  it('answers as `address` does for every indexed address and for a spread of others', () => {
    // 3,000 ENIs with a private and a public address each: past the filter's smallest size.
    let x = 777;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x;
    };
    const publics = Array.from({ length: 3000 }, next);
    const items = publics.map((pub, i) => ({
      record: {
        id: `arn:aws:ec2:eu-west-1:111111111111:network-interface/eni-${i}`,
        type: 'aws.ec2.network-interface',
        provider: 'aws',
        account: '111111111111',
        region: 'eu-west-1',
        name: `eni-${i}`,
        tags: {},
        config: { NetworkInterfaceId: `eni-${i}`, PrivateIpAddress: formatV4(0x0a000000 + i), Association: { PublicIp: formatV4(pub) } },
      } satisfies ResourceRecord,
    }));
    const idx = AttributionIndex.fromInventory(items);
    const t = Date.parse('2026-11-01T00:00:00Z');
    const probes = [...publics, ...Array.from({ length: 3000 }, (_, i) => 0x0a000000 + i), ...Array.from({ length: 50_000 }, next)];
    let found = 0;
    for (const n of probes) {
      const byNumber = idx.addressV4(n, t);
      expect(byNumber).toBe(idx.address(formatV4(n), t));
      if (byNumber) found++;
    }
    expect(found).toBeGreaterThanOrEqual(6000);
  });
});
