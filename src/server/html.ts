/** Everything shown may come from a crawled site or another user: escape every interpolation. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export class RawHtml {
  constructor(readonly html: string) {}
}

export function raw(html: string): RawHtml {
  return new RawHtml(html);
}

export function html(strings: TemplateStringsArray, ...values: (string | number | RawHtml | RawHtml[])[]): RawHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (Array.isArray(value)) out += value.map((v) => v.html).join('');
    else out += value instanceof RawHtml ? value.html : escapeHtml(String(value));
    out += strings[i + 1] ?? '';
  });
  return new RawHtml(out);
}

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Shared by every page: crawled URLs and codes are long unbroken strings, so they may wrap
 * anywhere, and nothing may push the page wider than a phone screen.
 */
const BASE_STYLE = raw(`<style>
code,pre,.u,.url{overflow-wrap:anywhere;word-break:break-word;white-space:pre-wrap}
h1,h2,h3,p,li,dd,summary,a,nav{overflow-wrap:anywhere}
input,select,textarea,button{max-width:100%;box-sizing:border-box;font:inherit}
img,svg{max-width:100%;height:auto}
:focus-visible{outline:2px solid #0645ad;outline-offset:2px}
</style>`);

export function page(title: string, body: RawHtml, signedInAs?: { email: string; csrf: string }): string {
  const nav = signedInAs
    ? html`<nav><a href="/">Sites</a> · <a href="/account">Account</a> · ${signedInAs.email}
<form method="post" action="/logout" style="display:inline">${csrfField(signedInAs.csrf)}<button>Sign out</button></form></nav>`
    : html`<nav><a href="/login">Sign in</a> · <a href="/signup">Sign up</a></nav>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · dislike404</title>${BASE_STYLE}</head>
<body style="font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem">
${nav}
<main><h1>${title}</h1>
${body}</main></body></html>`.html;
}

export function csrfField(token: string): RawHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function errorNote(message: string | undefined): RawHtml {
  return message === undefined ? raw('') : html`<p role="alert" class="error">${message}</p>`;
}
