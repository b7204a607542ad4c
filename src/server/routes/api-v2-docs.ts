import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { html, page, type RawHtml } from '../html.js';
import { buildOpenApiV2 } from '../openapi-v2.js';
import { V2 } from './api-v2-support.js';

interface DocOperation {
  summary?: string;
  parameters?: { name: string; in: string; description?: string }[];
}

/** The OpenAPI document and a page listing its operations, both public: they describe no one's data. */
export function registerApiV2DocRoutes(app: FastifyInstance, _ctx: AppContext): void {
  const document = buildOpenApiV2();
  const docsPage = page('dislike404 API v2', docsBody(document));

  app.get(`${V2}/openapi.json`, async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
  app.get(`${V2}/docs`, async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage));
}

/** Rendered on the server from the same document, so the page needs no script (the CSP allows none). */
function docsBody(document: Record<string, unknown>): RawHtml {
  const paths = document.paths as Record<string, Record<string, DocOperation>>;
  const rows: RawHtml[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p) => html`<li><code>${p.name}</code> (${p.in})${p.description ? html` — ${p.description}` : html``}</li>`);
      rows.push(html`<section class="op"><h2 style="font-size:1rem"><code>${method.toUpperCase()} ${path}</code></h2><p>${op.summary ?? ''}</p>${params.length > 0 ? html`<ul>${params}</ul>` : html``}</section>`);
    }
  }
  return html`<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> (create a token on <a href="/account">your account page</a>) or a signed-in session;
a session’s POST, PATCH and DELETE requests must send its CSRF token in <code>X-CSRF-Token</code>.
Errors are JSON <code>{"code", "message"}</code>. The machine-readable description is <a href="${V2}/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
${rows}`;
}
