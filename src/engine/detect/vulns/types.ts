import type { Severity } from '../../../core/severity.js';

export const VULN_FORMATS = ['trivy', 'grype', 'inspector', 'sarif', 'cyclonedx'] as const;
export type VulnFormat = (typeof VULN_FORMATS)[number];

/** What a report was about, with every identifier the matcher can use to find the inventory resource. */
export interface VulnTarget {
  /** `container_image`, `vm`, `repository`, `filesystem`, `ec2-instance`, `lambda-function`, `ecr-image`… */
  kind: string;
  name: string;
  instanceId?: string;
  imageDigests?: string[];
  /** `repo/name` or `registry/repo/name` without tag. */
  repositories?: string[];
  lambdaArn?: string;
  hostname?: string;
  ips?: string[];
  account?: string;
  region?: string;
  /** A resource id the feed itself named (Inspector's resource id or ARN). */
  resourceHint?: string;
  os?: string;
}

/** One vulnerability in one package of one target, normalised from any feed. */
export interface NormalisedVuln {
  /** CVE id when one exists (aliases keep GHSA/vendor ids), else the feed's id. */
  id: string;
  aliases: string[];
  pkgName: string;
  pkgType: string | null;
  installedVersion: string | null;
  fixedVersion: string | null;
  severity: Severity;
  cvssVersion: string | null;
  cvssVector: string | null;
  cvssScore: number | null;
  publishedAt: string | null;
  title: string | null;
  /** EPSS given by the feed itself (Inspector, Grype); the imported EPSS table wins when present. */
  epss?: number;
}

export interface VulnReport {
  format: VulnFormat;
  scanner: string;
  target: VulnTarget;
  generatedAt: string | null;
  vulns: NormalisedVuln[];
  /** Package names the scanner saw (for application profiling), when the report lists them. */
  packages?: { name: string; version?: string; type?: string }[];
}
