import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader } from 'mmdb-lib';
import { type GeoInfo, type GeoLookup, NO_INTEL } from '../../core/intel.js';
import type { ActivityDeps } from './engine.js';

/**
 * Stand-in lookups for the CLI and the demo until the shared intel engine (src/engine/intel, issue 6)
 * is wired: country from the CC0 `@ip-location-db/geo-whois-asn-country-mmdb` database, no ASN,
 * no threat intel. One small file on purpose: the integrator replaces `defaultActivityDeps` with
 * the shared `openGeo()` / `loadIntel()` and nothing else changes.
 */
export function countryGeo(mmdbPath?: string): GeoLookup {
  let reader: Reader<Record<string, unknown>> | null | undefined;
  const open = () => {
    if (reader === undefined) {
      try {
        const file =
          mmdbPath ??
          join(dirname(createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json')), 'geo-whois-asn-country.mmdb');
        reader = new Reader(readFileSync(file));
      } catch {
        reader = null;
      }
    }
    return reader;
  };
  return {
    lookup(address: string): GeoInfo | undefined {
      const r = open();
      if (!r) return undefined;
      try {
        const rec = r.get(address) as { country_code?: string; country?: { iso_code?: string } } | null;
        const country = rec?.country_code ?? rec?.country?.iso_code;
        return country ? { country } : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export function defaultActivityDeps(opts: { mmdb?: string } = {}): ActivityDeps {
  return { intel: NO_INTEL, geo: countryGeo(opts.mmdb) };
}
