import { Inspector2Client, paginateListFindings } from '@aws-sdk/client-inspector2';
import type { Store } from '../../../store/index.js';
import { type IngestSummary, ingestVulnFiles } from './ingest.js';

/** IAM actions the pull needs (for `skywatch iam-policy` once discovery wires it). */
export const INSPECTOR_PULL_PERMISSIONS = ['inspector2:ListFindings'] as const;

/**
 * Active package-vulnerability findings from the Inspector2 API, paginated. What the API returns
 * is the same finding shape the file parser reads, so a pull and an exported file are one path.
 */
export async function fetchInspectorFindings(client: Inspector2Client, opts: { accounts?: string[]; maxPages?: number } = {}): Promise<unknown[]> {
  const out: unknown[] = [];
  let pages = 0;
  const filterCriteria = {
    findingStatus: [{ comparison: 'EQUALS' as const, value: 'ACTIVE' }],
    findingType: [{ comparison: 'EQUALS' as const, value: 'PACKAGE_VULNERABILITY' }],
    ...(opts.accounts?.length && { awsAccountId: opts.accounts.map((a) => ({ comparison: 'EQUALS' as const, value: a })) }),
  };
  for await (const page of paginateListFindings({ client, pageSize: 100 }, { filterCriteria })) {
    out.push(...(page.findings ?? []));
    if (++pages >= (opts.maxPages ?? 10_000)) break;
  }
  return out;
}

/** Pulls one region's findings and ingests them (one report per resource, replacing older ones). */
export async function pullInspector(
  store: Store,
  opts: { region: string; client?: Inspector2Client; accounts?: string[]; now?: string },
): Promise<IngestSummary> {
  const client = opts.client ?? new Inspector2Client({ region: opts.region });
  const findings = await fetchInspectorFindings(client, { ...(opts.accounts && { accounts: opts.accounts }) });
  return ingestVulnFiles(store, [], {
    documents: [{ source: `inspector2:${opts.region}`, format: 'inspector', doc: { findings } }],
    ...(opts.now && { now: opts.now }),
  });
}
