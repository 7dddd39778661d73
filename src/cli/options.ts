import { InvalidArgumentError, Option } from 'commander';
import { FORMATS } from './output.js';

/** Shared option builders: every listing takes the same `--format`, every port is validated the same. */
export function formatOption(allowed: readonly string[] = FORMATS, fallback = 'table'): Option {
  return new Option('--format <format>', 'output format').choices(allowed).default(fallback);
}

export function intArg(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

export function portOption(fallback = 7878): Option {
  return new Option('--port <port>', 'TCP port (0 picks a free one)').argParser(intArg('--port', 0, 65535)).default(fallback);
}
