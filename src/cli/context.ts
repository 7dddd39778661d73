import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SkywatchConfig } from '../core/config.js';
import { type Store, openStore } from '../store/index.js';
import { loadConfigFile } from './config-file.js';
import { type Logger, createLogger } from './logger.js';

export interface GlobalOptions {
  home?: string;
  config?: string;
  logLevel?: string;
  logFormat?: 'json' | 'pretty';
}

/** What every command gets: resolved home, validated config, a logger, and a store opened on demand. */
export interface CliContext {
  home: string;
  config: SkywatchConfig;
  configFile: string;
  log: Logger;
  databaseUrl: string | undefined;
  env: NodeJS.ProcessEnv;
  store(): Promise<Store>;
  /** Where command output goes (tests capture it). */
  out(text: string): void;
  close(): Promise<void>;
}

export function resolveHome(opt: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(opt ?? env.SKYWATCH_HOME ?? join(homedir(), '.skywatch'));
}

export function createContext(g: GlobalOptions, env: NodeJS.ProcessEnv = process.env, out: (t: string) => void = (t) => process.stdout.write(t)): CliContext {
  const home = resolveHome(g.home, env);
  const configFile = g.config ? resolve(g.config) : join(home, 'skywatch.yaml');
  const config = loadConfigFile(configFile, { required: Boolean(g.config) });
  const log = createLogger(
    g.logLevel ?? config.log?.level ?? env.SKYWATCH_LOG_LEVEL ?? 'info',
    g.logFormat ?? config.log?.format ?? (process.stderr.isTTY ? 'pretty' : 'json'),
  );
  const databaseUrl = env.SKYWATCH_DATABASE_URL ?? config.database?.url;
  let store: Promise<Store> | undefined;
  return {
    home,
    config,
    configFile,
    log,
    databaseUrl,
    env,
    out,
    store() {
      store ??= openStore({ home, ...(databaseUrl && { databaseUrl }), ...(env.SKYWATCH_DATABASE_SCHEMA && { schema: env.SKYWATCH_DATABASE_SCHEMA }) });
      return store;
    },
    async close() {
      if (store) await (await store).close();
    },
  };
}
