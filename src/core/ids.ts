import { hash, randomBytes } from 'node:crypto';

/**
 * Time-ordered opaque ids: 10 base-32 characters of milliseconds followed by 16 of randomness.
 * Lexicographic order is creation order, which makes keyset pagination on ids meaningful.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newId(prefix?: string, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rand = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[(rand[i] ?? 0) & 31];
  return prefix ? `${prefix}_${time}${tail}` : `${time}${tail}`;
}

/** A stable key from parts: the same inputs always give the same key (dedup keys, idempotency keys). */
export function stableKey(...parts: ReadonlyArray<string | number | undefined | null>): string {
  // One string hashed in one call: the same bytes as an update per part and separator (a NUL
  // follows every part, so no two parts' characters meet), at a fraction of the cost — an
  // ingest builds one key per finding per flush, and each `update` was a call into C++.
  let s = '';
  for (const p of parts) s += `${String(p ?? '')}\u0000`;
  return hash('sha256', s, 'hex').slice(0, 32);
}

/** Unit ids are lowercase kebab-case: `aws-s3-bucket-public-access-blocked`. */
export const UNIT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Resource types are dotted: `aws.s3.bucket`. */
export const RESOURCE_TYPE_PATTERN = /^[a-z0-9]+\.[a-z0-9-]+\.[a-z0-9-]+$/;
