import type { ExportAlert } from './alerts-ocsf.js';

/** A self-contained HTML report: inline CSS, no scripts, no external requests; every value escaped. */
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const COLOR: Record<string, string> = { critical: '#b3261e', high: '#e8710a', medium: '#f9ab00', low: '#5f6368', info: '#9aa0a6' };

export function toHtml(alerts: readonly ExportAlert[], at = new Date()): string {
  const counts = ['critical', 'high', 'medium', 'low', 'info']
    .map((s) => `<span class="pill" style="background:${COLOR[s]}">${alerts.filter((a) => a.severity === s).length} ${s}</span>`)
    .join(' ');
  const rows = alerts
    .map(
      (a) => `<section class="alert">
<h2><span class="pill" style="background:${COLOR[a.severity] ?? '#888'}">${esc(a.severity)} · ${a.riskScore}</span> ${esc(a.title)}</h2>
<p class="meta">${esc(a.status)} · first seen ${esc(a.firstSeen)} · last seen ${esc(a.lastSeen)}${a.dueAt ? ` · due ${esc(a.dueAt)}` : ''}</p>
<ul>${a.factors.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>
<p><b>Owner:</b> ${a.owner ? `${esc(a.owner.name)} — ${esc(a.owner.why)}` : 'unknown'}</p>
<details><summary>${a.resources.length} resources, ${a.findings.length} findings</summary><ul>${a.resources.map((r) => `<li><code>${esc(r.id)}</code> (${esc(r.type)})</li>`).join('')}</ul><ul>${a.findings.map((f) => `<li>${esc(f.severity)} · ${esc(f.ruleId)}: ${esc(f.title)}</li>`).join('')}</ul></details>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Skywatch alerts report</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#202124}h1{font-size:1.4rem}h2{font-size:1.05rem;margin:.2rem 0}.alert{border:1px solid #dadce0;border-radius:8px;padding:.8rem 1rem;margin:1rem 0}.pill{color:#fff;border-radius:10px;padding:1px 8px;font-size:.8rem}.meta{color:#5f6368;margin:.2rem 0}code{font-size:.8rem}</style>
</head><body>
<h1>Skywatch alerts report</h1>
<p>Generated ${esc(at.toISOString())} · ${alerts.length} alerts ${counts}</p>
${rows || '<p>No alerts.</p>'}
</body></html>
`;
}
