import type { Logger } from './logger.js';

export interface Progress {
  tick(n?: number, label?: string): void;
  total(n: number): void;
  done(): void;
}

/**
 * Long work shows a bar on a terminal and a log line every few seconds otherwise (CI logs, pipes),
 * so both a person and a log collector see it move.
 */
export function progress(title: string, log: Logger, opts: { stream?: NodeJS.WriteStream; everyMs?: number } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const every = opts.everyMs ?? (tty ? 100 : 5000);
  let count = 0;
  let of = 0;
  let last = 0;
  let label = '';
  const started = Date.now();
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < every) return;
    last = now;
    if (tty) {
      const width = 30;
      const frac = of ? Math.min(1, count / of) : 0;
      const bar = of ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width)}] ${count}/${of}` : `${count}`;
      stream.write(`\r${title} ${bar} ${label}`.slice(0, (stream.columns ?? 100) - 1).padEnd(Math.min(stream.columns ?? 100, 100) - 1));
    } else {
      log.info({ title, done: count, total: of || undefined, label: label || undefined, elapsedMs: now - started }, `${title}: ${count}${of ? `/${of}` : ''}`);
    }
  };
  return {
    tick(n = 1, l) {
      count += n;
      if (l !== undefined) label = l;
      draw();
    },
    total(n) {
      of = n;
    },
    done() {
      draw(true);
      if (tty) stream.write('\n');
    },
  };
}
