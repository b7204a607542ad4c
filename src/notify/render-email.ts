import type { Severity } from '../core/report-types.js';
import type { Alert, AlertProblem } from './alert.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailLinks {
  /** Signed unsubscribe URL for this recipient; null when the operator has set no base URL or secret. */
  unsubscribeUrl: string | null;
}

const SEVERITY_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', notice: 'Notices', ok: 'OK' };
const SEVERITY_COLOR: Record<Severity, string> = { error: '#b42318', warning: '#b54708', notice: '#175cd3', ok: '#067647' };

export function emailSubject(alert: Alert): string {
  const host = hostOf(alert.site.url);
  if (alert.type === 'test') return `[dislike404] Test alert for ${host}`;
  if (alert.counts.newProblems > 0) return `[dislike404] ${alert.counts.newProblems} new broken link${alert.counts.newProblems === 1 ? '' : 's'} on ${host}`;
  if (alert.counts.fixed > 0) return `[dislike404] ${alert.counts.fixed} link${alert.counts.fixed === 1 ? '' : 's'} fixed on ${host}`;
  return `[dislike404] Scan of ${host}: nothing new`;
}

/** A plain-text part for clients that show no HTML, with the same facts as the HTML part. */
export function renderEmailText(alert: Alert, links: EmailLinks): string {
  const lines = [headline(alert), '', `Site: ${alert.site.url}`, `Scan: ${alert.scan.startedAt}`, countsLine(alert)];
  for (const [severity, problems] of bySeverity(alert.newProblems)) {
    lines.push('', `New ${SEVERITY_LABEL[severity].toLowerCase()} (${problems.length}):`);
    for (const p of problems) lines.push(`- ${p.url} — ${outcome(p)}`, `  found on ${p.page ?? '(start URL or sitemap)'}${p.pageCount > 1 ? ` and ${p.pageCount - 1} more pages` : ''}`);
  }
  if (alert.fixed.length > 0) {
    lines.push('', `Fixed (${alert.fixed.length}):`);
    for (const p of alert.fixed) lines.push(`- ${p.url} (was ${outcome(p)})`);
  }
  if (alert.reportUrl) lines.push('', `Full report: ${alert.reportUrl}`);
  lines.push('', '--', unsubscribeText(links));
  return `${lines.join('\n')}\n`;
}

/** Table layout and inline styles, because many mail clients ignore <style> blocks and flexbox. */
export function renderEmailHtml(alert: Alert, links: EmailLinks): string {
  const groups = bySeverity(alert.newProblems)
    .map(([severity, problems]) => {
      const rows = problems
        .map(
          (p) => `<tr><td style="padding:8px 0;border-top:1px solid #eaecf0;word-break:break-all">
<a href="${attr(p.url)}" style="color:#101828">${html(p.url)}</a><br>
<span style="color:${SEVERITY_COLOR[p.severity]};font-weight:600">${html(outcome(p))}</span><br>
<span style="color:#475467;font-size:13px">found on ${p.page ? `<a href="${attr(p.page)}" style="color:#475467">${html(p.page)}</a>` : 'the start URL or sitemap'}${p.pageCount > 1 ? ` and ${p.pageCount - 1} more pages` : ''}</span>
</td></tr>`,
        )
        .join('\n');
      return `<h2 style="font-size:16px;margin:24px 0 4px;color:${SEVERITY_COLOR[severity]}">New ${html(SEVERITY_LABEL[severity].toLowerCase())} (${problems.length})</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table>`;
    })
    .join('\n');
  const fixed =
    alert.fixed.length === 0
      ? ''
      : `<h2 style="font-size:16px;margin:24px 0 4px;color:#067647">Fixed (${alert.fixed.length})</h2><ul style="padding-left:18px;margin:0">${alert.fixed
          .map((p) => `<li style="word-break:break-all">${html(p.url)} <span style="color:#475467">(was ${html(outcome(p))})</span></li>`)
          .join('')}</ul>`;
  const button = alert.reportUrl
    ? `<p style="margin:28px 0"><a href="${attr(alert.reportUrl)}" style="background:#101828;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">View the full report</a></p>`
    : '';
  const unsubscribe = links.unsubscribeUrl
    ? `<a href="${attr(links.unsubscribeUrl)}" style="color:#475467">Unsubscribe</a> from alerts for this site.`
    : html(unsubscribeText(links));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${html(emailSubject(alert))}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border-radius:8px"><tr><td style="padding:24px;color:#101828;font-size:15px;line-height:1.5">
<h1 style="font-size:20px;margin:0 0 8px">${html(headline(alert))}</h1>
<p style="margin:0;color:#475467">Site <a href="${attr(alert.site.url)}" style="color:#475467">${html(alert.site.url)}</a><br>Scan started ${html(alert.scan.startedAt)}</p>
<p style="margin:16px 0 0">${html(countsLine(alert))}</p>
${groups}
${fixed}
${button}
<p style="margin:24px 0 0;color:#475467;font-size:12px">${unsubscribe}</p>
</td></tr></table></td></tr></table></body></html>
`;
}

function headline(alert: Alert): string {
  if (alert.type === 'test') return `Test alert: this channel receives dislike404 alerts for ${alert.site.name}.`;
  if (alert.counts.newProblems > 0) return `${alert.counts.newProblems} new problem${alert.counts.newProblems === 1 ? '' : 's'} on ${alert.site.name}`;
  if (alert.counts.fixed > 0) return `${alert.counts.fixed} problem${alert.counts.fixed === 1 ? '' : 's'} fixed on ${alert.site.name}`;
  return `Nothing new on ${alert.site.name}`;
}

function countsLine(alert: Alert): string {
  const c = alert.counts;
  return `${c.pagesCrawled} pages crawled, ${c.urlsChecked} URLs checked, ${c.broken} broken (${c.errors} errors, ${c.warnings} warnings); ${c.newProblems} new, ${c.fixed} fixed.`;
}

function outcome(p: AlertProblem): string {
  const code = p.status !== null ? `HTTP ${p.status}` : (p.error ?? 'failed');
  return `${code} ${p.title}`;
}

function bySeverity(problems: readonly AlertProblem[]): Array<[Severity, AlertProblem[]]> {
  const groups = new Map<Severity, AlertProblem[]>();
  for (const p of problems) groups.set(p.severity, [...(groups.get(p.severity) ?? []), p]);
  return [...groups.entries()];
}

function unsubscribeText(links: EmailLinks): string {
  return links.unsubscribeUrl ? `Unsubscribe: ${links.unsubscribeUrl}` : 'To stop these emails, ask the site owner to run `dislike404 alerts remove`.';
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attr(url: string): string {
  // Only web links become hrefs: a crafted finding URL must not turn into javascript: in an inbox.
  return /^https?:\/\//i.test(url) ? html(url) : '#';
}
