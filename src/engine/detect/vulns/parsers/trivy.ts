import { ParseError } from '../../../../core/errors.js';
import { asArray, asObj, bestCvss, digestsIn, primaryId, repositoryOf, str, toIso, toSeverity } from '../normalise.js';
import type { NormalisedVuln, VulnReport, VulnTarget } from '../types.js';

const INSTANCE_RE = /\bi-[0-9a-f]{8,17}\b/;

/** Trivy JSON, SchemaVersion 2 (`trivy image|fs|vm --format json`). */
export function parseTrivy(doc: unknown, source: string): VulnReport[] {
  const d = asObj(doc);
  if (d.SchemaVersion !== 2)
    throw new ParseError(source, undefined, `not a Trivy JSON report with SchemaVersion 2 (got ${JSON.stringify(d.SchemaVersion ?? null)})`);
  const meta = asObj(d.Metadata);
  const name = str(d.ArtifactName) ?? source;
  const os = asObj(meta.OS);
  const repoTags = asArray<string>(meta.RepoTags);
  const repoDigests = asArray<string>(meta.RepoDigests);
  const target: VulnTarget = {
    kind: str(d.ArtifactType) ?? 'unknown',
    name,
    ...(os.Family !== undefined && { os: `${String(os.Family)} ${String(os.Name ?? '')}`.trim() }),
  };
  const digests = digestsIn(repoDigests, str(meta.ImageID), str(d.ArtifactID));
  if (digests.length) target.imageDigests = digests;
  const repos = [...new Set([...repoTags, ...repoDigests].map(repositoryOf))];
  if (repos.length) target.repositories = repos;
  const inst = INSTANCE_RE.exec(name)?.[0];
  if (inst) target.instanceId = inst;
  if (str(meta.Hostname)) target.hostname = str(meta.Hostname) as string;

  const vulns: NormalisedVuln[] = [];
  const packages: NonNullable<VulnReport['packages']> = [];
  for (const r of asArray(d.Results)) {
    const res = asObj(r);
    const type = str(res.Type) ?? null;
    for (const p of asArray(res.Packages)) {
      const pk = asObj(p);
      if (str(pk.Name)) packages.push({ name: pk.Name as string, ...(str(pk.Version) && { version: pk.Version as string }), ...(type && { type }) });
    }
    for (const v of asArray(res.Vulnerabilities)) {
      const x = asObj(v);
      const cvss = Object.values(asObj(x.CVSS)).map((c) => asObj(c));
      const { id, aliases } = primaryId([str(x.VulnerabilityID), ...asArray<string>(x.VendorIDs)]);
      const scored = bestCvss(
        cvss.flatMap((c) => [
          { vector: str(c.V40Vector) ?? null, score: (c.V40Score as number) ?? null },
          { vector: str(c.V3Vector) ?? null, score: (c.V3Score as number) ?? null },
        ]),
      );
      vulns.push({
        id,
        aliases,
        pkgName: str(x.PkgName) ?? 'unknown',
        pkgType: type,
        installedVersion: str(x.InstalledVersion) ?? null,
        fixedVersion: str(x.FixedVersion) ?? null,
        severity: toSeverity(x.Severity, scored.cvssScore),
        ...scored,
        publishedAt: toIso(x.PublishedDate),
        title: str(x.Title) ?? null,
      });
    }
  }
  return [
    {
      format: 'trivy',
      scanner: `trivy ${String(asObj(d.Trivy).Version ?? '')}`.trim(),
      target,
      generatedAt: toIso(d.CreatedAt),
      vulns,
      ...(packages.length && { packages }),
    },
  ];
}
