import { ParseError } from '../../../../core/errors.js';
import { asArray, asObj, bestCvss, digestsIn, primaryId, repositoryOf, str, toIso, toSeverity } from '../normalise.js';
import type { NormalisedVuln, VulnReport, VulnTarget } from '../types.js';

/** Grype JSON (`grype -o json`). */
export function parseGrype(doc: unknown, source: string): VulnReport[] {
  const d = asObj(doc);
  if (!Array.isArray(d.matches) || d.source === undefined) throw new ParseError(source, undefined, 'not a Grype JSON report (needs "matches" and "source")');
  const src = asObj(d.source);
  const t = src.target;
  const to = asObj(t);
  const userInput = typeof t === 'string' ? t : (str(to.userInput) ?? source);
  const target: VulnTarget = { kind: str(src.type) ?? 'unknown', name: userInput };
  const digests = digestsIn(str(to.manifestDigest), asArray(to.repoDigests), userInput.includes('@') ? userInput : undefined, str(to.imageID));
  if (digests.length) target.imageDigests = digests;
  if (target.kind === 'image') {
    const repos = [...new Set([...asArray<string>(to.tags), ...asArray<string>(to.repoDigests), userInput].map(repositoryOf))];
    target.repositories = repos;
  }
  const distro = asObj(d.distro);
  if (str(distro.name)) target.os = `${distro.name as string} ${String(distro.version ?? '')}`.trim();
  const vulns: NormalisedVuln[] = [];
  for (const m of d.matches as unknown[]) {
    const mm = asObj(m);
    const v = asObj(mm.vulnerability);
    const a = asObj(mm.artifact);
    const related = asArray(mm.relatedVulnerabilities).map(asObj);
    const { id, aliases } = primaryId([str(v.id), ...related.map((r) => str(r.id))]);
    const scored = bestCvss(
      [v, ...related].flatMap((x) =>
        asArray(x.cvss).map((c) => ({ vector: str(asObj(c).vector) ?? null, score: (asObj(asObj(c).metrics).baseScore as number) ?? null })),
      ),
    );
    const fix = asObj(v.fix);
    const epss = asArray(v.epss).map(asObj)[0];
    vulns.push({
      id,
      aliases,
      pkgName: str(a.name) ?? 'unknown',
      pkgType: str(a.type) ?? null,
      installedVersion: str(a.version) ?? null,
      fixedVersion: asArray<string>(fix.versions).join(', ') || null,
      severity: toSeverity(v.severity, scored.cvssScore),
      ...scored,
      publishedAt: toIso(v.published ?? v.publishedDate),
      title: str(v.description)?.slice(0, 200) ?? null,
      ...(typeof epss?.epss === 'number' && { epss: epss.epss }),
    });
  }
  const desc = asObj(d.descriptor);
  return [{ format: 'grype', scanner: `grype ${String(desc.version ?? '')}`.trim(), target, generatedAt: toIso(desc.timestamp), vulns }];
}
