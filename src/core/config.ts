import { z } from 'zod';
import { SEVERITIES } from './severity.js';

/**
 * `skywatch.yaml`, validated strictly: an unknown key is an error that names its line, never
 * silently ignored. Each capability owns one section; sections not yet filled in stay optional.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 30s, 15m, 6h or 7d');

export const awsSection = z.strictObject({
  profile: z.string().optional(),
  assumeRole: z.string().optional(),
  externalId: z.string().optional(),
  accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')).optional(),
  regions: z.union([z.literal('all'), z.array(z.string())]).optional(),
  services: z.array(z.string()).optional(),
  endpoint: z.url().optional(),
  fullScanEvery: duration.optional(),
  /** Calls per second per account × service (the adaptive budget's ceiling); default 10. */
  rate: z.number().int().min(1).max(1000).optional(),
  /** Work items (account × region × collector) at once; default 8. */
  concurrency: z.number().int().min(1).max(1024).optional(),
  /** Attempts per API call including the first; default 5. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
});

export const configSchema = z.strictObject({
  database: z.strictObject({ url: z.string().optional() }).optional(),
  log: z
    .strictObject({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).optional(), format: z.enum(['json', 'pretty']).optional() })
    .optional(),
  aws: awsSection.optional(),
  checks: z
    .strictObject({
      disabled: z.array(z.string()).optional(),
      params: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      policies: z.string().optional(),
      minSeverity: z.enum(SEVERITIES).optional(),
    })
    .optional(),
  suppressions: z.array(z.record(z.string(), z.unknown())).optional(),
  sigma: z.strictObject({ dirs: z.array(z.string()) }).optional(),
  baselines: z.record(z.string(), z.unknown()).optional(),
  intel: z.strictObject({ feeds: z.array(z.record(z.string(), z.unknown())) }).optional(),
  integrations: z.array(z.record(z.string(), z.unknown())).optional(),
  routing: z.array(z.record(z.string(), z.unknown())).optional(),
  contacts: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  teams: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  remediation: z.record(z.string(), z.unknown()).optional(),
  server: z.strictObject({ port: z.number().int().min(1).max(65535).optional(), host: z.string().optional(), publicUrl: z.url().optional() }).optional(),
});

export type SkywatchConfig = z.infer<typeof configSchema>;
export { duration as durationSchema };

/** `6h` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration like 30s, 15m, 6h or 7d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}
