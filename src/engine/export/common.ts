import type { Finding } from '../../core/finding.js';

/** What exporters may know about a rule beyond the finding (from the check or detector's own metadata). */
export interface RuleInfo {
  title?: string;
  description?: string;
  risk?: string;
  remediation?: string;
}

export interface ExportContext {
  /** Skywatch's version, stamped into every format's product/tool block. */
  version: string;
  rules?: (ruleId: string) => RuleInfo | undefined;
}

/** The partition of an ARN (`aws`, `aws-us-gov`, `aws-cn`), `aws` when the id is not an ARN. */
export function partitionOf(id: string | null): string {
  const m = id ? /^arn:([^:]+):/.exec(id) : null;
  return m?.[1] ?? 'aws';
}

export function epochMs(iso: string): number {
  return Date.parse(iso);
}

export function describe(f: Finding, info: RuleInfo | undefined): string {
  const msg = typeof f.evidence.message === 'string' ? f.evidence.message : undefined;
  return [msg, info?.risk, info?.description].filter(Boolean).join(' ') || f.title;
}
