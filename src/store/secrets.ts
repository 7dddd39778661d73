import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.js';

/**
 * Integration secrets are sealed with AES-256-GCM before they reach the database. The key comes
 * from SKYWATCH_SECRET_KEY (base64, 32 bytes: what a fleet of workers shares) or, on one machine,
 * from a key file created once with mode 0600 in the home.
 */
export function loadSecretKey(opts: { env?: string; file: string }): Buffer {
  if (opts.env) {
    const key = Buffer.from(opts.env, 'base64');
    if (key.length !== 32) throw new ConfigError('SKYWATCH_SECRET_KEY must be 32 bytes, base64-encoded', { field: 'SKYWATCH_SECRET_KEY' });
    return key;
  }
  if (!existsSync(opts.file)) {
    mkdirSync(dirname(opts.file), { recursive: true });
    writeFileSync(opts.file, randomBytes(32).toString('base64'), { mode: 0o600 });
    chmodSync(opts.file, 0o600);
  }
  const key = Buffer.from(readFileSync(opts.file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${opts.file} does not hold a 32-byte base64 key`, { file: opts.file });
  return key;
}

export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}

export function open(key: Buffer, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new ConfigError('sealed secret is not in v1 format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
