import type { ComplianceReport } from './compliance.js';

const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const COLORS = { pass: '#1a7f37', fail: '#cf222e', manual: '#9a6700' } as const;

/**
 * A compliance report as one self-contained HTML page (inline CSS, no scripts, no external assets):
 * it can be mailed, archived or printed to PDF as is.
 */
export function complianceHtml(r: ComplianceReport): string {
  const sections = new Map<string, ComplianceReport['controls']>();
  for (const c of r.controls) {
    const key = c.section ?? '';
    (sections.get(key) ?? sections.set(key, []).get(key))?.push(c);
  }
  const pct = r.summary.pass + r.summary.fail ? Math.round((100 * r.summary.pass) / (r.summary.pass + r.summary.fail)) : 0;
  const body = [...sections]
    .map(
      ([section, controls]) => `
<h2>${esc(section || 'Controls')}</h2>
<table>
<thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Checks</th><th>Pass</th><th>Fail</th><th>Error</th></tr></thead>
<tbody>
${controls
  .map(
    (c) =>
      `<tr id="c-${esc(c.control)}"><td>${esc(c.control)}</td><td>${esc(c.title)}${c.note ? `<div class="note">${esc(c.note)}</div>` : ''}${
        c.failing.length
          ? `<details><summary>${c.failing.length} failing resource(s)</summary><ul>${c.failing
              .map(
                (f) =>
                  `<li><code>${esc(f.resourceId)}</code> (${esc(f.account)}, ${esc(f.region)}) — ${esc(f.checkId)}${f.message ? `: ${esc(f.message)}` : ''}${
                    f.evidence ? `<pre>${esc(JSON.stringify(f.evidence, null, 2))}</pre>` : ''
                  }</li>`,
              )
              .join('')}</ul></details>`
          : ''
      }</td><td><span class="st st-${c.status}">${c.status}</span></td><td>${c.checks.map((k) => `<code>${esc(k)}</code>`).join('<br>')}</td><td>${
        c.counts.pass
      }</td><td>${c.counts.fail}</td><td>${c.counts.error}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)} — Skywatch compliance report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.st{color:#fff;border-radius:3px;padding:0 .4rem;font-weight:600}
.st-pass{background:${COLORS.pass}}.st-fail{background:${COLORS.fail}}.st-manual{background:${COLORS.manual}}
.note{color:#656d76;font-size:12px}pre{background:#f6f8fa;padding:.4rem;overflow:auto;font-size:12px}
.summary span{margin-right:1.5rem;font-weight:600}
</style></head><body>
<h1>${esc(r.title)}</h1>
<p>Framework <code>${esc(r.framework)}</code>${r.account ? `, account ${esc(r.account)}` : ', all accounts'}; generated ${esc(r.generatedAt)} by Skywatch.</p>
<p class="summary"><span style="color:${COLORS.pass}">${r.summary.pass} pass</span><span style="color:${COLORS.fail}">${r.summary.fail} fail</span><span style="color:${
    COLORS.manual
  }">${r.summary.manual} manual</span><span>${r.summary.controls} controls</span><span>${pct}% of automated, evaluated controls pass</span></p>
<p class="note">Manual controls need a person's judgement, have no mapped check, or could not be evaluated (for example access denied); they are never counted as passed.</p>
${body}
</body></html>
`;
}
