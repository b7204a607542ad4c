import type { KnowledgeEntry } from './knowledge-entry.js';

// Browsers show a full-page warning for all of these, and most visitors turn back there,
// so on your own site they count as broken even though the page itself may be fine.
const OWN_SITE = 'On your own site visitors get a full-page security warning, which most of them will not click through, so it is an error.';

export const TLS_ERRORS: readonly KnowledgeEntry[] = [
  {
    key: 'TLS_CERT_EXPIRED',
    code: 'TLS_CERT_EXPIRED',
    title: 'Certificate expired',
    summary: 'The site\'s HTTPS certificate is past its expiry date.',
    explanation: 'Certificates are valid for a limited time and must be renewed. This one was not, so browsers warn visitors that the connection cannot be trusted. Automatic renewal failing silently is the usual story.',
    causes: ['Automatic renewal failed or was never set up', 'A renewed certificate was issued but not installed or the server not reloaded', 'The scanning machine\'s clock is wrong'],
    severity: { internal: 'error', external: 'warning' },
    severityNote: `${OWN_SITE} On another site it is usually noticed and fixed within days, so it is a warning.`,
    fix: ['Renew the certificate and reload the web server.', 'Check that automatic renewal works and add expiry monitoring.'],
    externalAdvice: 'Recheck in a few days; if it is still expired, the site may be abandoned.',
    advice: 'Renew the certificate and reload the server.',
    related: [
      { key: 'TLS_CERT_UNTRUSTED', difference: 'Untrusted means the certificate was never vouched for by a known authority; expired means it was, but ran out.' },
      { key: 'HTTP_526', difference: '526 is Cloudflare rejecting the certificate on the origin; TLS_CERT_EXPIRED is the scanner rejecting the one it sees directly.' },
    ],
  },
  {
    key: 'TLS_CERT_UNTRUSTED',
    code: 'TLS_CERT_UNTRUSTED',
    title: 'Certificate not trusted',
    summary: 'The site\'s certificate does not lead back to an authority the scanner trusts.',
    explanation: 'A certificate is trusted when it is signed, through a chain of intermediates, by a known authority. This one is self-signed, from an unknown authority, or served without the intermediate certificates. Some browsers quietly fetch a missing intermediate, so the site can look fine to you while failing for other clients.',
    causes: ['The server does not send the intermediate certificates', 'A self-signed or internal-authority certificate', 'A corporate proxy intercepting HTTPS on the scanning network'],
    severity: { internal: 'error', external: 'warning' },
    severityNote: `${OWN_SITE} A missing intermediate still breaks apps, APIs and some browsers even when yours looks fine. On another site it is a warning because the scanner may simply lack a trust root a browser has.`,
    fix: ['Serve the full certificate chain (use the "fullchain" file from your certificate provider).', 'Replace self-signed certificates with ones from a public authority.', 'Test with an external SSL checker.'],
    externalAdvice: 'Check it in a browser; if it works there, it is probably a missing intermediate on their side and not worth acting on.',
    advice: 'Serve the full certificate chain.',
    related: [
      { key: 'TLS_CERT_EXPIRED', difference: 'Expired means a valid certificate ran out; untrusted means it was never properly vouched for.' },
      { key: 'TLS_HOSTNAME_MISMATCH', difference: 'A hostname mismatch is a trusted certificate for the wrong name; untrusted is an unknown signer.' },
    ],
  },
  {
    key: 'TLS_HOSTNAME_MISMATCH',
    code: 'TLS_HOSTNAME_MISMATCH',
    title: 'Certificate hostname mismatch',
    summary: 'The certificate is valid but issued for a different domain name.',
    explanation: 'A certificate names the hostnames it covers. The one served here does not include the hostname in the link, which commonly happens with www versus the bare domain, or a subdomain pointed at shared hosting.',
    causes: ['The certificate covers www but not the bare domain, or the reverse', 'A subdomain pointed at a server that serves another site\'s certificate', 'A link using an old hostname'],
    severity: { internal: 'error', external: 'warning' },
    severityNote: `${OWN_SITE} On another site the fix may be as simple as linking to the hostname the certificate covers.`,
    fix: ['Add the missing hostname to the certificate.', 'Or redirect that hostname to one the certificate covers, and update links.'],
    externalAdvice: 'Try the www or bare-domain variant of the link and use the one that works.',
    advice: 'Add the hostname to the certificate or link to a covered one.',
    related: [
      { key: 'TLS_CERT_UNTRUSTED', difference: 'Untrusted is an unknown signer; a mismatch is a trusted certificate for the wrong name.' },
      { key: 'HTTP_421', difference: '421 is a server receiving a request for a host it does not serve, after the certificate check.' },
    ],
  },
  {
    key: 'TLS_OTHER',
    code: 'TLS_OTHER',
    title: 'Secure connection failed',
    summary: 'The secure (HTTPS) connection could not be set up.',
    explanation: 'Something in the HTTPS setup failed other than the certificate\'s date, trust or name: no shared encryption settings, an outdated protocol version, or a broken handshake.',
    causes: ['The server only supports outdated TLS versions or ciphers', 'A misconfigured HTTPS setup or load balancer', 'A certificate that is not yet valid or revoked'],
    severity: { internal: 'error', external: 'warning' },
    severityNote: `${OWN_SITE} On another site it may be their outdated setup that some browsers still accept.`,
    fix: ['Test the server with an SSL configuration checker.', 'Enable current TLS versions and ciphers.'],
    externalAdvice: 'Check it in a browser; replace the link if it fails there too.',
    advice: 'Check the server\'s HTTPS configuration.',
    related: [
      { key: 'TLS_CERT_EXPIRED', difference: 'TLS_CERT_EXPIRED is the specific case of an out-of-date certificate.' },
      { key: 'HTTP_525', difference: '525 is Cloudflare failing the same kind of handshake with the origin.' },
    ],
  },
];
