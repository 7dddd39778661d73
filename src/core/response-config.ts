import { z } from 'zod';
import { SEVERITIES } from './severity.js';

/**
 * The skywatch.yaml sections of alerts, routing, contacts, teams, integrations and remediation
 * (issue 8). Strict like the rest of the file: an unknown key is an error naming its line.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 30s, 15m, 6h or 7d');
const severity = z.enum(SEVERITIES);

export const alertsSection = z.strictObject({
  /** Due date per severity from when an alert opens; a severity without an entry has no due date. */
  sla: z.partialRecord(severity, duration).optional(),
  /** Activity and network findings on one identity or host within this window are one alert (default 24h). */
  window: duration.optional(),
  /** Alerts below this severity are kept but not routed. */
  minSeverity: severity.optional(),
  digest: z
    .strictObject({
      /** 5-field cron, UTC (default 0 8 * * *). */
      cron: z.string().optional(),
      /** Integration names the digest goes to. */
      to: z.array(z.string()).min(1),
    })
    .optional(),
});

/** Identity → how to reach them. Keys: IAM user name or ARN, role session name, SSO email. */
export const contactsSection = z.record(
  z.string(),
  z.strictObject({
    name: z.string().optional(),
    email: z.string().optional(),
    slack: z.string().optional(),
    jira: z.string().optional(),
    team: z.string().optional(),
  }),
);

/** Team → the accounts and OUs it owns and the integration that is its channel. */
export const teamsSection = z.record(
  z.string(),
  z.strictObject({
    accounts: z.array(z.string()).optional(),
    ous: z.array(z.string()).optional(),
    /** Integration name of the team's channel (Slack channel webhook, Teams, Jira project…). */
    channel: z.string().optional(),
    lead: z.string().optional(),
  }),
);

export const routingRule = z.strictObject({
  name: z.string().optional(),
  match: z
    .strictObject({
      minSeverity: severity.optional(),
      accounts: z.array(z.string()).optional(),
      teams: z.array(z.string()).optional(),
      rules: z.array(z.string()).optional(),
    })
    .optional(),
  /** Integration names. `owner` and `team` are placeholders: the owner's direct channel, the owning team's channel. */
  to: z.array(z.string()).min(1),
  escalate: z.strictObject({ after: duration, to: z.array(z.string()).min(1) }).optional(),
});
export const routingSection = z.array(routingRule);

export const integrationEntry = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/i, 'must be letters, digits, - and _'),
  type: z.string(),
  enabled: z.boolean().optional(),
  /** Type-specific options (validated by the integration's own schema). */
  options: z.record(z.string(), z.unknown()).optional(),
  /** Credentials: prefer `${ENV_VAR}` references; they are sealed when stored. */
  credentials: z.record(z.string(), z.string()).optional(),
  allowPrivate: z.boolean().optional(),
});
export const integrationsSection = z.array(integrationEntry);

export const remediationPolicy = z.strictObject({
  /** Remediation ids (or check ids they fix) this policy allows to apply without approval. */
  remediations: z.array(z.string()).optional(),
  checks: z.array(z.string()).optional(),
  minSeverity: severity.optional(),
  accounts: z.array(z.string()).optional(),
  /** All of these tags must be on the resource. */
  tags: z.record(z.string(), z.string()).optional(),
});
export const remediationSection = z.strictObject({
  /** Automatic apply, only where a policy allows; everything else waits for `--approve`. */
  auto: z.array(remediationPolicy).optional(),
  /** Never remediate resources carrying any of these tags (e.g. skywatch:remediate=never). */
  excludeTags: z.record(z.string(), z.string()).optional(),
  /**
   * The role (name or ARN) assumed in member accounts to change them — a writer, separate from the
   * read-only `aws.assumeRole` the scans use; `skywatch iam-policy --remediation` prints its policy.
   */
  assumeRole: z.string().min(1).optional(),
  externalId: z.string().min(1).optional(),
  /** Four eyes: an apply awaiting approval must be approved by someone other than who asked for it. */
  twoPersonApproval: z.boolean().optional(),
});

export type AlertsConfig = z.infer<typeof alertsSection>;
export type ContactsConfig = z.infer<typeof contactsSection>;
export type TeamsConfig = z.infer<typeof teamsSection>;
export type RoutingConfig = z.infer<typeof routingSection>;
export type IntegrationEntry = z.infer<typeof integrationEntry>;
export type RemediationConfig = z.infer<typeof remediationSection>;
