import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** Logs go to stderr, so stdout stays clean for `--format json` output that scripts parse. */
export function createLogger(level: string, format: 'json' | 'pretty'): Logger {
  if (format === 'pretty') {
    return pino({ level }, pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname' }));
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
