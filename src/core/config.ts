import { z } from 'zod';
import { SEVERITIES } from './severity.js';
import { alertsSection, contactsSection, integrationsSection, remediationSection, routingSection, teamsSection } from './response-config.js';

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

/**
 * One suppression rule (`suppressions:` in skywatch.yaml): every matcher given must match (AND),
 * any rule may match (OR). Globs use `*` and `?`. An expired rule stops suppressing and its
 * findings re-open.
 */
export const suppressionRuleSchema = z
  .strictObject({
    checkIds: z.array(z.string().min(1)).min(1).optional(),
    accounts: z.array(z.string().min(1)).min(1).optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    resourceIds: z.array(z.string().min(1)).min(1).optional(),
    arnGlobs: z.array(z.string().min(1)).min(1).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    reason: z.string().min(1, 'a suppression needs a reason'),
    owner: z.string().min(1).optional(),
    author: z.string().min(1).optional(),
    expires: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  })
  .refine((r) => Boolean(r.checkIds || r.accounts || r.regions || r.resourceIds || r.arnGlobs || r.tags), {
    message: 'a suppression must match on at least one of checkIds, accounts, regions, resourceIds, arnGlobs, tags',
  });
export type SuppressionRuleConfig = z.infer<typeof suppressionRuleSchema>;
/** One threat-intelligence feed (`intel.feeds[]`): a local file or a URL, and how to read it. */
export const intelFeedSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'must be letters, digits, dot, dash or underscore'),
    file: z.string().optional(),
    url: z.url().optional(),
    format: z.enum(['plain', 'csv', 'stix2', 'ipsum', 'tor', 'domains']),
    column: z.string().optional(),
    minLevel: z.number().int().min(1).optional(),
    refresh: duration.optional(),
    category: z.enum(['malicious', 'tor', 'mining', 'scanner', 'c2', 'other']).optional(),
    confidence: z.number().int().min(0).max(100).optional(),
    allowPrivate: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((f) => Boolean(f.file) !== Boolean(f.url), { message: 'give exactly one of file or url' });
export type IntelFeedConfig = z.infer<typeof intelFeedSchema>;

/** Network detection caps and thresholds (`network:`); every field optional with a sensible default. */
export const networkSection = z.strictObject({
  maxKeys: z.number().int().min(100).optional(),
  maxEvidence: z.number().int().min(1).max(1000).optional(),
  geo: z.strictObject({ mmdb: z.string().optional(), asn: z.boolean().optional() }).optional(),
  sensitivePorts: z.array(z.number().int().min(0).max(65535)).optional(),
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
  suppressions: z.array(suppressionRuleSchema).optional(),
  sigma: z.strictObject({ dirs: z.array(z.string()) }).optional(),
  baselines: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** How long an identity's first activity is learned before behaviour alerts (default 7d). */
      learning: duration.optional(),
      /** Anomaly score that raises a finding (default 50). */
      threshold: z.number().min(1).max(1000).optional(),
      /** `service:Action` names whose first use by an identity is sensitive (replaces the default list). */
      sensitiveActions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'must look like service:Action')).optional(),
      /** An MMDB for country lookups instead of the bundled CC0 one. */
      geoMmdb: z.string().optional(),
    })
    .optional(),
  intel: z.strictObject({ feeds: z.array(intelFeedSchema) }).optional(),
  network: networkSection.optional(),
  integrations: integrationsSection.optional(),
  routing: routingSection.optional(),
  contacts: contactsSection.optional(),
  teams: teamsSection.optional(),
  remediation: remediationSection.optional(),
  server: z.strictObject({ port: z.number().int().min(1).max(65535).optional(), host: z.string().optional(), publicUrl: z.url().optional() }).optional(),
  alerts: alertsSection.optional(),
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
