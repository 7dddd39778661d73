import { describe, expect, it } from 'vitest';
import { CATALOGUES, cis, cisAws, cisAws50, controlExists, nist, nist80053, pci, pciDss } from './index.js';

describe('compliance catalogues', () => {
  it('registers the three frameworks', () => {
    expect(CATALOGUES.map((c) => c.id)).toEqual(['cis-aws-5.0', 'nist-800-53-r5', 'pci-dss-4.0']);
  });

  it('holds CIS AWS 5.0 as generated from the benchmark list (63 controls, 35 automated, 1.10 restored)', () => {
    const controls = Object.entries(cisAws50.controls);
    expect(controls).toHaveLength(63);
    expect(controls.filter(([, c]) => c.automated)).toHaveLength(35);
    expect(cisAws50.controls['1.10'].title).toMatch(/initial setup/);
    expect(cisAws50.controls['1.1'].title).toBe('Maintain current contact details');
  });

  it('builds references that the registry validator accepts', () => {
    for (const ref of [cis('2.1.4'), cisAws('5.0', '5.7'), nist('AC-3'), nist80053('SC-7(5)'), pci('1.3.1'), pciDss('4.0', '10.2.1')])
      expect(controlExists(ref.framework, ref.control)).toBe(true);
    expect(controlExists('nist-800-53-r5', 'AC-99')).toBe(false);
  });

  it('refuses unknown controls at compile time', () => {
    // @ts-expect-error: not a CIS AWS 5.0 control
    expect(controlExists(cis('9.9').framework, '9.9')).toBe(false);
    // @ts-expect-error: not in the NIST catalogue
    nist('XX-1');
    // @ts-expect-error: only PCI DSS 4.0 is catalogued
    pciDss('3.2.1', '1.3.1');
  });
});
