import nodemailer from 'nodemailer';
import { z } from 'zod';
import { IntegrationError } from '../../core/errors.js';
import { type AlertPayload, defineIntegration } from '../../core/units/integration.js';
import { plainText } from '../http.js';

/**
 * Email through SMTP (nodemailer): to the configured recipients and, when known, the owner.
 * SMTP 4xx replies and connection failures retry; 5xx (bad recipient, refused) do not.
 */
const options = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** true: TLS from the start (465); false: STARTTLS when offered. */
  secure: z.boolean().default(false),
  /** Refuse to send without STARTTLS (on by default; local test servers turn it off). */
  requireTls: z.boolean().default(true),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).default([]),
  ownerToo: z.boolean().default(true),
});
const credentials = z.strictObject({ user: z.string().optional(), pass: z.string().optional() });
type Ctx = { options: z.infer<typeof options>; credentials: z.infer<typeof credentials>; checkHost?: (h: string) => Promise<void> };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

async function transport(c: Ctx) {
  await c.checkHost?.(c.options.host);
  return nodemailer.createTransport({
    host: c.options.host,
    port: c.options.port,
    secure: c.options.secure,
    requireTLS: c.options.requireTls && !c.options.secure,
    ...(c.credentials.user && { auth: { user: c.credentials.user, pass: c.credentials.pass ?? '' } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

function smtpError(e: unknown): IntegrationError {
  const err = e as { responseCode?: number; code?: string; message?: string };
  const code = err.responseCode ?? 0;
  return new IntegrationError(`email: ${err.message ?? String(e)}`, { retryable: code === 0 || (code >= 400 && code < 500), cause: e });
}

async function mail(a: AlertPayload, c: Ctx) {
  const to = [...c.options.to, ...(c.options.ownerToo && a.owner?.email ? [a.owner.email] : [])];
  if (!to.length) throw new IntegrationError('email: no recipients (set options.to or give the owner an email in contacts)', { retryable: false });
  const t = await transport(c);
  try {
    const text = plainText(a);
    const info = await t.sendMail({
      from: c.options.from,
      to: [...new Set(to)],
      subject: `[Skywatch ${a.severity}] ${a.status === 'resolved' ? 'Resolved: ' : ''}${a.title}`.slice(0, 200),
      text,
      html: `<h3>${escapeHtml(a.title)}</h3><p><b>${a.severity}</b> · risk ${a.riskScore} · ${a.status}</p><ul>${a.factors.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>${a.owner ? `<p>Owner: ${escapeHtml(a.owner.name)}${a.owner.why ? ` — ${escapeHtml(a.owner.why)}` : ''}</p>` : ''}`,
      headers: { 'X-Skywatch-Alert': a.id, 'X-Skywatch-Idempotency-Key': a.idempotencyKey },
    });
    return { externalId: info.messageId };
  } catch (e) {
    throw smtpError(e);
  } finally {
    t.close();
  }
}

export default defineIntegration({
  id: 'email',
  version: 1,
  title: 'Email (SMTP)',
  category: 'email',
  options,
  credentials,
  async test(ctx) {
    const t = await transport(ctx);
    try {
      await t.verify();
    } catch (e) {
      throw smtpError(e);
    } finally {
      t.close();
    }
  },
  send: (a, ctx) => mail(a, ctx),
});
