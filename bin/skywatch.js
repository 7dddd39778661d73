#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx: `npm ci` is the only setup step, and what
// runs is always what is checked out (no stale build).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// Open handles (pools, timers of finished jobs) must not keep a finished command alive.
process.exit(code);
