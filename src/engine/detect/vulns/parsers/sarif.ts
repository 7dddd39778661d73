import { ParseError } from '../../../../core/errors.js';
import { CVE_RE, asArray, asObj, bestCvss, digestsIn, primaryId, repositoryOf, str, toSeverity } from '../normalise.js';
import type { NormalisedVuln, VulnReport, VulnTarget } from '../types.js';

/**
 * SARIF 2.1 from vulnerability scanners (Trivy, Grype and others). SARIF has no package fields,
 * so package, installed and fixed version come from the scanners' conventional message/help text
 * ("Package: …", "Installed Version: …" / "Version: …", "Fixed Version: …" / "Fix Version: …").
 * Results whose rule is not a vulnerability id (CVE/GHSA/…) are skipped: they are code findings.
 */
export function parseSarif(doc: unknown, source: string): VulnReport[] {
  const d = asObj(doc);
  if (!Array.isArray(d.runs) || !String(d.version ?? '').startsWith('2.1'))
    throw new ParseError(source, undefined, 'not a SARIF 2.1 log (needs version "2.1.x" and "runs")');
  const reports: VulnReport[] = [];
  for (const r of d.runs) {
    const run = asObj(r);
    const driver = asObj(asObj(run.tool).driver);
    const rules = new Map(asArray(driver.rules).map((x) => [str(asObj(x).id) ?? '', asObj(x)]));
    const props = asObj(run.properties);
    const firstUri = str(asObj(asObj(asObj(asArray(asObj(asArray(run.results)[0]).locations)[0]).physicalLocation).artifactLocation).uri);
    const name = str(props.imageName) ?? firstUri ?? source;
    const target: VulnTarget = { kind: props.imageName ? 'container_image' : 'unknown', name };
    const digests = digestsIn(str(props.imageID), asArray(props.repoDigests));
    if (digests.length) target.imageDigests = digests;
    const repos = [...asArray<string>(props.repoTags), ...asArray<string>(props.repoDigests)].map(repositoryOf);
    if (repos.length) target.repositories = [...new Set(repos)];
    const vulns: NormalisedVuln[] = [];
    for (const x of asArray(run.results)) {
      const res = asObj(x);
      const ruleId = str(res.ruleId) ?? '';
      const rule = rules.get(ruleId) ?? {};
      const rp = asObj(rule.properties);
      const text = `${str(asObj(res.message).text) ?? ''}\n${str(asObj(rule.help).text) ?? ''}`;
      const field = (re: RegExp) => re.exec(text)?.[1]?.trim();
      const cve = /(CVE-\d{4}-\d{4,}|GHSA-[\w-]{14}|ALAS\d*-\d{4}-\d+)/i.exec(ruleId)?.[1];
      if (!cve && !CVE_RE.test(ruleId)) continue;
      const { id, aliases } = primaryId([cve ?? ruleId]);
      const secSev = Number(rp['security-severity']);
      const scored = bestCvss([{ vector: str(rp.cvssv3_vector) ?? null, score: Number.isFinite(secSev) ? secSev : null }]);
      const sevWord = field(/Severity:\s*([A-Za-z]+)/) ?? asArray<string>(rp.tags).find((t) => /^(critical|high|medium|low)$/i.test(t)) ?? str(res.level);
      vulns.push({
        id,
        aliases,
        pkgName: field(/Package:\s*([^\s,]+)/) ?? 'unknown',
        pkgType: field(/Type:\s*(\S+)/) ?? null,
        installedVersion: field(/Installed Version:\s*(\S+)/) ?? field(/\bVersion:\s*(\S+)/) ?? null,
        fixedVersion: field(/Fix(?:ed)? Version:\s*(\S+)/) ?? null,
        severity: toSeverity(sevWord, scored.cvssScore),
        ...scored,
        publishedAt: null,
        title: str(asObj(rule.shortDescription).text) ?? null,
      });
    }
    reports.push({ format: 'sarif', scanner: str(driver.name) ?? 'sarif', target, generatedAt: null, vulns });
  }
  return reports;
}
