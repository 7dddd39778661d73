import type { Store } from '../../store/index.js';
import { generatePassword, hashPassword } from './passwords.js';

/**
 * The first run creates `admin` with SKYWATCH_ADMIN_PASSWORD, or a generated password that is
 * returned once for the caller to print. Later runs change nothing.
 */
export async function ensureAdmin(store: Store, env: NodeJS.ProcessEnv): Promise<{ created: boolean; password?: string; generated?: boolean }> {
  if ((await store.users.count()) > 0) return { created: false };
  const given = env.SKYWATCH_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : generatePassword();
  await store.users.create({ username: 'admin', passwordHash: await hashPassword(password), role: 'admin', scope: {} });
  await store.audit.record('system', 'user.create', 'admin', { reason: 'first run' });
  return given ? { created: true, generated: false } : { created: true, password, generated: true };
}
