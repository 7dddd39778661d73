import type { VulnFormat, VulnReport } from '../types.js';
import { parseCycloneDx } from './cyclonedx.js';
import { parseGrype } from './grype.js';
import { parseInspector } from './inspector.js';
import { parseSarif } from './sarif.js';
import { parseTrivy } from './trivy.js';

export const PARSERS: Record<VulnFormat, (doc: unknown, source: string) => VulnReport[]> = {
  trivy: parseTrivy,
  grype: parseGrype,
  inspector: parseInspector,
  sarif: parseSarif,
  cyclonedx: parseCycloneDx,
};

/** Guesses a document's format from its shape (used when --format is not given). */
export function detectFormat(doc: unknown): VulnFormat | undefined {
  if (Array.isArray(doc)) return 'inspector';
  if (doc === null || typeof doc !== 'object') return undefined;
  const d = doc as Record<string, unknown>;
  if (d.SchemaVersion !== undefined && d.Results !== undefined) return 'trivy';
  if (Array.isArray(d.matches)) return 'grype';
  if (d.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (Array.isArray(d.runs)) return 'sarif';
  if (Array.isArray(d.findings) || d.data !== undefined || d['detail-type'] !== undefined) return 'inspector';
  return undefined;
}
