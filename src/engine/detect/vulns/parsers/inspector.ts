import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ParseError } from '../../../../core/errors.js';
import { asArray, asObj, bestCvss, primaryId, str, toIso, toSeverity } from '../normalise.js';
import type { NormalisedVuln, VulnReport, VulnTarget } from '../types.js';

/**
 * AWS Inspector v2 findings. Accepts `ListFindings` output (`{findings: […]}`, also as recorded by
 * boto3/placebo under `data`), a bare array of findings, and EventBridge "Inspector2 Finding" events
 * (`detail` = the finding). Findings are grouped into one report per affected resource, so a newer
 * export for an instance replaces the older one. CLOSED and SUPPRESSED findings are skipped.
 */
export function parseInspector(doc: unknown, source: string): VulnReport[] {
  const findings = findingsIn(doc);
  if (!findings) throw new ParseError(source, undefined, 'not Inspector v2 findings (expected {findings: [...]}, an array of findings, or EventBridge events)');
  const acc = new InspectorReports();
  for (const raw of findings) acc.add(raw);
  return acc.reports();
}

/**
 * Newline-delimited findings or EventBridge events (a Firehose/S3 export of an organisation can be
 * large): read line by line, so memory holds the normalised reports, never the file text. Bad lines
 * are returned with their numbers; the others are kept.
 */
export async function parseInspectorLines(file: string): Promise<{ reports: VulnReport[]; errors: { line: number; reason: string }[] }> {
  const raw = createReadStream(file);
  const rl = createInterface({ input: file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw, crlfDelay: Number.POSITIVE_INFINITY });
  const acc = new InspectorReports();
  const errors: { line: number; reason: string }[] = [];
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    try {
      const o = asObj(JSON.parse(line));
      acc.add(o['detail-type'] !== undefined ? o.detail : o);
    } catch (e) {
      errors.push({ line: n, reason: `not JSON: ${(e as Error).message}` });
    }
  }
  return { reports: acc.reports(), errors };
}

/** Groups findings into one report per affected resource. */
class InspectorReports {
  private readonly byResource = new Map<string, VulnReport>();
  reports(): VulnReport[] {
    return [...this.byResource.values()];
  }
  add(raw: unknown): void {
    const byResource = this.byResource;
    const f = asObj(raw);
    if (f.status === 'CLOSED' || f.status === 'SUPPRESSED') return;
    const pvd = asObj(f.packageVulnerabilityDetails);
    if (!str(pvd.vulnerabilityId)) return; // network reachability and code findings carry no package vulnerability
    for (const r of asArray(f.resources)) {
      const res = asObj(r);
      const target = targetOf(res, f);
      const key = `${target.kind}|${target.resourceHint ?? target.name}`;
      let report = byResource.get(key);
      if (!report) {
        report = { format: 'inspector', scanner: 'aws-inspector2', target, generatedAt: null, vulns: [] };
        byResource.set(key, report);
      }
      const seen = toIso(f.updatedAt) ?? toIso(f.lastObservedAt);
      if (seen && (!report.generatedAt || seen > report.generatedAt)) report.generatedAt = seen;
      const adjusted = asObj(asObj(f.inspectorScoreDetails).adjustedCvss);
      const scored = bestCvss([
        ...asArray(pvd.cvss).map((c) => ({ vector: str(asObj(c).scoringVector) ?? null, score: (asObj(c).baseScore as number) ?? null })),
        { vector: str(adjusted.scoringVector) ?? null, score: (adjusted.score as number) ?? null },
      ]);
      const { id, aliases } = primaryId([str(pvd.vulnerabilityId), ...asArray<string>(pvd.relatedVulnerabilities)]);
      const epss = asObj(f.epss).score;
      const pkgs = asArray(pvd.vulnerablePackages).map(asObj);
      for (const p of pkgs.length ? pkgs : [{}]) {
        const v: NormalisedVuln = {
          id,
          aliases,
          pkgName: str(p.name) ?? 'unknown',
          pkgType: str(p.packageManager) ?? null,
          installedVersion: str(p.version) ?? null,
          fixedVersion: str(p.fixedInVersion) ?? null,
          severity: toSeverity(f.severity === 'UNTRIAGED' ? pvd.vendorSeverity : f.severity, scored.cvssScore),
          ...scored,
          publishedAt: toIso(pvd.vendorCreatedAt),
          title: str(f.title) ?? null,
          ...(typeof epss === 'number' && { epss }),
        };
        report.vulns.push(v);
      }
    }
  }
}

function findingsIn(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) {
    if (doc.every((e) => asObj(e)['detail-type'] !== undefined)) return doc.map((e) => asObj(e).detail);
    return doc;
  }
  const d = asObj(doc);
  if (Array.isArray(d.findings)) return d.findings;
  if (Array.isArray(asObj(d.data).findings)) return asObj(d.data).findings as unknown[];
  if (d['detail-type'] !== undefined && d.detail) return [d.detail];
  return undefined;
}

function targetOf(res: Record<string, unknown>, f: Record<string, unknown>): VulnTarget {
  const id = str(res.id) ?? 'unknown';
  const details = asObj(res.details);
  const account = str(f.awsAccountId);
  const region = str(res.region);
  const base = { name: id, resourceHint: id, ...(account && { account }), ...(region && { region }) };
  switch (res.type) {
    case 'AWS_EC2_INSTANCE': {
      const ec2 = asObj(details.awsEc2Instance);
      const ips = asArray<string>(ec2.ipV4Addresses).concat(asArray<string>(ec2.ipV6Addresses));
      return {
        kind: 'ec2-instance',
        ...base,
        instanceId: id.split('/').pop() ?? id,
        ...(ips.length && { ips }),
        ...(str(ec2.platform) && { os: ec2.platform as string }),
      };
    }
    case 'AWS_ECR_CONTAINER_IMAGE': {
      const img = asObj(details.awsEcrContainerImage);
      const digest = str(img.imageHash) ?? /sha256:[0-9a-f]{64}/.exec(id)?.[0];
      const repo = str(img.repositoryName);
      return { kind: 'ecr-image', ...base, ...(digest && { imageDigests: [digest] }), ...(repo && { repositories: [repo] }) };
    }
    case 'AWS_LAMBDA_FUNCTION':
      return { kind: 'lambda-function', ...base, lambdaArn: id };
    default:
      return { kind: String(res.type ?? 'unknown').toLowerCase(), ...base };
  }
}
