import { describe, expect, it } from 'vitest';
import { openGeo } from './geo.js';

describe('openGeo (bundled CC0 databases)', () => {
  it('gives country and ASN for public IPv4 and IPv6 addresses, nothing for private ones', () => {
    const geo = openGeo();
    const v4 = geo.lookup('93.174.95.106');
    expect(v4?.country).toBe('NL');
    expect(v4?.asn).toBeGreaterThan(0);
    expect(typeof v4?.asOrg).toBe('string');
    const cf = geo.lookup('1.1.1.1');
    expect(cf?.asn).toBe(13335);
    expect(geo.lookup('2a02:cf40::')?.country).toBe('DK');
    expect(geo.lookup('10.0.0.1')).toBeUndefined();
    expect(geo.lookup('not an address')).toBeUndefined();
    geo.close();
  });

  it('works without ASN tables', () => {
    const geo = openGeo({ asnV4Csv: false, asnV6Csv: false });
    expect(geo.lookup('93.174.95.106')).toEqual({ country: 'NL' });
  });
});
