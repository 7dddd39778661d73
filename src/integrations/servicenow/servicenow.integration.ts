import { z } from 'zod';
import { IntegrationError } from '../../core/errors.js';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { plainText, request } from '../http.js';

/**
 * ServiceNow incidents through the Table API. `correlation_id` carries the alert's dedup key: an
 * open incident with it is updated rather than duplicated; resolving sets state 6 (Resolved) with
 * close code and notes.
 */
const options = z.strictObject({
  instanceUrl: z.url(),
  table: z.string().default('incident'),
  assignmentGroup: z.string().optional(),
  closeCode: z.string().default('Solved (Permanently)'),
});
const credentials = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });
type Ctx = { options: z.infer<typeof options>; credentials: z.infer<typeof credentials>; fetch: typeof fetch };

const auth = (c: Ctx) => ({ authorization: `Basic ${Buffer.from(`${c.credentials.username}:${c.credentials.password}`).toString('base64')}` });
const base = (c: Ctx) => `${c.options.instanceUrl.replace(/\/$/, '')}/api/now/table/${c.options.table}`;
/** Impact and urgency 1 (high) – 3 (low). */
const LEVEL: Record<string, string> = { critical: '1', high: '1', medium: '2', low: '3', info: '3' };

function fields(a: AlertPayload, c: Ctx) {
  return {
    short_description: `[${a.severity}] ${a.title}`.slice(0, 160),
    description: plainText(a),
    urgency: LEVEL[a.severity] ?? '2',
    impact: LEVEL[a.severity] ?? '2',
    correlation_id: a.dedupKey,
    correlation_display: 'Skywatch',
    ...(c.options.assignmentGroup && { assignment_group: c.options.assignmentGroup }),
  };
}

async function find(c: Ctx, a: AlertPayload): Promise<string | undefined> {
  const q = new URLSearchParams({ sysparm_query: `correlation_id=${a.dedupKey}^active=true`, sysparm_fields: 'sys_id,number', sysparm_limit: '1' });
  const r = await request(c.fetch, `${base(c)}?${q}`, { headers: auth(c) }, 'servicenow query');
  return (r.json as { result?: { sys_id: string }[] } | undefined)?.result?.[0]?.sys_id;
}

async function patch(c: Ctx, sysId: string, body: Record<string, unknown>) {
  const r = await request(c.fetch, `${base(c)}/${sysId}`, { method: 'PATCH', headers: auth(c), body }, 'servicenow update');
  const number = (r.json as { result?: { number?: string } } | undefined)?.result?.number;
  return { externalId: sysId, ...(number && { url: `${c.options.instanceUrl.replace(/\/$/, '')}/nav_to.do?uri=${c.options.table}.do?sys_id=${sysId}` }) };
}

async function create(c: Ctx, a: AlertPayload) {
  const r = await request(c.fetch, base(c), { method: 'POST', headers: auth(c), body: fields(a, c) }, 'servicenow create');
  const sysId = (r.json as { result?: { sys_id?: string } } | undefined)?.result?.sys_id;
  if (!sysId) throw new IntegrationError('servicenow create: no sys_id in the response', { retryable: false });
  return { externalId: sysId };
}

export default defineIntegration({
  id: 'servicenow',
  version: 1,
  title: 'ServiceNow (incident through the Table API)',
  category: 'ticketing',
  options,
  credentials,
  async test(ctx) {
    await request(ctx.fetch, `${base(ctx)}?sysparm_limit=1&sysparm_fields=sys_id`, { headers: auth(ctx) }, 'servicenow');
  },
  async send(alert, ctx) {
    const existing = await find(ctx, alert);
    if (existing) return patch(ctx, existing, { ...fields(alert, ctx), work_notes: 'Updated by Skywatch' });
    return create(ctx, alert);
  },
  async update(alert, externalId, ctx) {
    const id = externalId || (await find(ctx, alert));
    if (!id) return create(ctx, alert);
    return patch(ctx, id, { ...fields(alert, ctx), work_notes: `Skywatch: ${alert.status}, risk ${alert.riskScore}` });
  },
  async close(alert, externalId, ctx) {
    const id = externalId || (await find(ctx, alert));
    if (!id) return;
    await patch(ctx, id, { state: '6', close_code: ctx.options.closeCode, close_notes: `Resolved in Skywatch at ${alert.lastSeen}: the findings are fixed.` });
  },
});
