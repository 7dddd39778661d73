/**
 * Lookups shared by several capabilities, as interfaces so each can be injected (and faked in
 * tests): the threat-intelligence matcher and the offline GeoIP/ASN database live in
 * `src/engine/intel`; activity detectors, network detectors and context rules receive them.
 */
export interface IntelListing {
  feed: string;
  /** 0–100: how sure the feed is (ipsum: lists count scaled; STIX: confidence). */
  confidence?: number;
  category?: 'malicious' | 'tor' | 'mining' | 'scanner' | 'c2' | 'other';
  firstSeen?: string;
  lastSeen?: string;
}

export interface IntelHit {
  indicator: string;
  listings: IntelListing[];
}

export interface IntelLookup {
  ip(address: string): IntelHit | undefined;
  domain(name: string): IntelHit | undefined;
}

export interface GeoInfo {
  /** ISO 3166-1 alpha-2. */
  country?: string;
  asn?: number;
  asOrg?: string;
}

export interface GeoLookup {
  lookup(address: string): GeoInfo | undefined;
}

export const NO_INTEL: IntelLookup = { ip: () => undefined, domain: () => undefined };
export const NO_GEO: GeoLookup = { lookup: () => undefined };
