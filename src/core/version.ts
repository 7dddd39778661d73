import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

let cached: string | undefined;

/** The package version, read once when first asked (works from src/ under tsx and from dist/). */
export function skywatchVersion(): string {
  if (cached) return cached;
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'skywatch' && pkg.version) return (cached = pkg.version);
    } catch {}
  }
  return (cached = '0.0.0');
}
