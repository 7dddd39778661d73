import { ParseError } from '../../../../core/errors.js';
import { asArray, asObj, bestCvss, digestsIn, primaryId, repositoryOf, str, toIso, toSeverity } from '../normalise.js';
import type { NormalisedVuln, VulnReport, VulnTarget } from '../types.js';

/**
 * CycloneDX JSON (1.4–1.7) with a `vulnerabilities` array (VEX/VDR, `trivy --format cyclonedx
 * --scanners vuln`, `grype -o cyclonedx-json`). Each vulnerability × affected component becomes
 * one normalised vulnerability; a BOM without vulnerabilities is a valid report with none.
 */
export function parseCycloneDx(doc: unknown, source: string): VulnReport[] {
  const d = asObj(doc);
  if (d.bomFormat !== 'CycloneDX') throw new ParseError(source, undefined, 'not a CycloneDX JSON document (bomFormat must be "CycloneDX")');
  const meta = asObj(d.metadata);
  const main = asObj(meta.component);
  const components = new Map<string, Record<string, unknown>>();
  const walk = (list: unknown) => {
    for (const c of asArray(list)) {
      const o = asObj(c);
      if (str(o['bom-ref'])) components.set(o['bom-ref'] as string, o);
      walk(o.components);
    }
  };
  walk(d.components);
  const name = str(main.name) ?? source;
  const target: VulnTarget = { kind: str(main.type) ?? 'unknown', name };
  const digests = digestsIn(str(main.version), name);
  if (digests.length) target.imageDigests = digests;
  if (main.type === 'container') target.repositories = [repositoryOf(name)];
  const vulns: NormalisedVuln[] = [];
  for (const x of asArray(d.vulnerabilities)) {
    const v = asObj(x);
    const ratings = asArray(v.ratings).map(asObj);
    const cvssRatings = ratings.filter((r) => /^CVSSv(3|31|4)$/.test(String(r.method ?? '')));
    const scored = bestCvss(cvssRatings.map((r) => ({ vector: str(r.vector) ?? null, score: (r.score as number) ?? null })));
    const sevWord = cvssRatings[0]?.severity ?? ratings.find((r) => str(r.severity))?.severity;
    const { id, aliases } = primaryId([str(v.id), ...asArray(v.references).map((r) => str(asObj(r).id))]);
    const epss = ratings.find((r) => /epss/i.test(String(asObj(r.source).url ?? asObj(r.source).name ?? '')))?.score;
    const fixed = /to version (\S+)/.exec(str(v.recommendation) ?? '')?.[1] ?? null;
    for (const a of asArray(v.affects).length ? asArray(v.affects) : [{}]) {
      const comp = components.get(str(asObj(a).ref) ?? '') ?? {};
      vulns.push({
        id,
        aliases,
        pkgName: str(comp.name) ?? str(asObj(a).ref) ?? 'unknown',
        pkgType: /^pkg:([^/]+)\//.exec(str(comp.purl) ?? '')?.[1] ?? null,
        installedVersion: str(comp.version) ?? null,
        fixedVersion: fixed,
        severity: toSeverity(sevWord, scored.cvssScore),
        ...scored,
        publishedAt: toIso(v.published),
        title: str(v.description)?.slice(0, 200) ?? null,
        ...(typeof epss === 'number' && { epss }),
      });
    }
  }
  const tool = asArray(asObj(meta.tools).components).map(asObj)[0] ?? asArray(meta.tools).map(asObj)[0];
  return [{ format: 'cyclonedx', scanner: str(tool?.name) ?? 'cyclonedx', target, generatedAt: toIso(meta.timestamp), vulns }];
}
