#!/usr/bin/env -S node --max-semi-space-size=32
// --max-semi-space-size=32 (MB; V8's default on 64-bit is 16): ingests keep many short-lived
// per-event objects alive for a few thousand events (windows, pending findings), which a small young
// generation promotes or rescans. Measured on the 1M-event CloudTrail bench: minor GC 7.1 → 5.1 s and
// 20.2k → 23.3k events per CPU-second, same peak RSS (npm scripts pass the same flag; V8 reads it only
// at start-up, so it cannot be set from inside the process).
// Runs the CLI from the TypeScript sources through tsx: `npm ci` is the only setup step, and what
// runs is always what is checked out (no stale build).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// A pipe takes what fits in its buffer and Node queues the rest, so exiting at once cut piped output
// (`checks list --format json | jq` got the first 64 KB of 178 KB): let stdout and stderr flush first.
// A reader that went away (`| head`) ends the wait with an error instead.
await Promise.all(
  [process.stdout, process.stderr].map(
    (s) =>
      new Promise((flushed) => {
        if (!s.writableLength) return flushed();
        s.once('error', flushed);
        s.write('', () => flushed());
      }),
  ),
);
// Open handles (pools, timers of finished jobs) must not keep a finished command alive.
process.exit(code);
