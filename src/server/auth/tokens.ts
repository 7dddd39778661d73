import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens are shown once (`swt_…`) and stored only as a SHA-256 hash. */
export function newApiToken(): string {
  return `swt_${randomBytes(24).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A browser session: who, until when, and the CSRF token bound to it. */
export interface Session {
  userId: string;
  expires: number;
  csrf: string;
}

/**
 * Sessions are signed cookies (HMAC-SHA256 with the server key), so any server or worker with the
 * key can verify them and nothing needs a session table. Logout works by the cookie being cleared;
 * disabling a user takes effect at once because every request re-reads the user.
 */
export function signSession(key: Buffer, s: Session): string {
  const body = Buffer.from(JSON.stringify(s)).toString('base64url');
  const mac = createHmac('sha256', key).update(body).digest('base64url');
  return `${body}.${mac}`;
}

export function verifySession(key: Buffer, cookie: string | undefined, now = Date.now()): Session | undefined {
  if (!cookie) return undefined;
  const [body, mac] = cookie.split('.');
  if (!body || !mac) return undefined;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(body, 'base64url').toString()) as Session;
    if (typeof s.userId !== 'string' || typeof s.expires !== 'number' || typeof s.csrf !== 'string' || s.expires < now) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

export function newCsrfToken(): string {
  return randomBytes(18).toString('base64url');
}
