import { describe, expect, it } from 'vitest';
import { validateDataUrl, validateMailto } from './special-schemes.js';

describe('validateMailto', () => {
  it.each([
    'mailto:info@example.com',
    'MAILTO:Info@Example.COM',
    'mailto:a@b.co,c.d+tag@e-f.example.org',
    'mailto:a@b.co?subject=Hello%20there&body=x',
    'mailto:?to=a@b.co&cc=c@d.co',
    'mailto:%22quoted%20name%22@example.com',
    'mailto:Jane%20Doe%20%3Cjane@example.com%3E',
    'mailto:info@bücher.example',
    'mailto:info@例え.テスト',
    'mailto:postmaster@[192.0.2.1]',
    'mailto:postmaster@[IPv6:2001:db8::1]',
    'mailto:a@b.co#frag',
  ])('accepts %s', (url) => {
    expect(validateMailto(url)).toEqual({ valid: true });
  });

  it('accepts a share link that has a subject or body but no recipient', () => {
    expect(validateMailto('mailto:?subject=Look&body=https%3A%2F%2Fexample.com')).toEqual({ valid: true });
  });

  it.each([
    ['mailto:', 'no email address'],
    ['mailto:?', 'no email address'],
    ['mailto:info(at)example.com', 'missing @'],
    ['mailto:info@localhost', 'domain has no dot'],
    ['mailto:@example.com', 'nothing before @'],
    ['mailto:info@', 'nothing after @'],
    ['mailto:in fo@example.com', 'invalid character before @'],
    ['mailto:info@exa mple.com', 'invalid character in domain'],
    ['mailto:info@example..com', 'empty label in domain'],
    ['mailto:a@[300.1.1.1]', 'invalid address literal'],
    ['mailto:info@-example.com', 'invalid character in domain'],
    ['mailto:info@example.c', 'implausible top-level domain'],
    ['mailto:ok@example.com,bad', 'missing @'],
    ['mailto:ok@example.com?cc=bad@nodot', 'domain has no dot'],
    ['mailto:a%ZZ@example.com', 'malformed percent-encoding'],
    ['mailto:mailto:a@example.com', 'invalid character before @'],
    ['https://example.com', 'not a mailto: URL'],
  ])('rejects %s', (url, reason) => {
    const result = validateMailto(url);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toContain(reason);
  });
});

describe('validateDataUrl', () => {
  it.each([
    'data:,Hello%2C%20World%21',
    'data:text/plain;charset=US-ASCII,hello',
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
    'data:;base64,SGVsbG8',
    'DATA:IMAGE/SVG+XML;BASE64,PHN2Zz48L3N2Zz4=',
    'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E',
    'data:image/png;base64,iVBO Rw0K\nGgo=',
    'data:text/plain;base64,SGk%3D',
    'data:,',
  ])('accepts %s', (url) => {
    expect(validateDataUrl(url)).toEqual({ valid: true });
  });

  it.each([
    ['data:image/png;base64', 'missing ","'],
    ['data:image/png;base64,iVBO*Rw0K', 'invalid base64 character "*"'],
    ['data:image/png;base64,iVBORw0KG', 'impossible length'],
    ['data:image/png;base64,iV=BORw0K', 'invalid base64 character "="'],
    ['data:image png;base64,AAAA', 'malformed media type'],
    ['data:text/plain;charset,hi', 'malformed parameter'],
    ['data:image/png,base64,iVBORw0KGgo=', '";base64" written as ",base64"'],
    ['javascript:alert(1)', 'not a data: URL'],
  ])('rejects %s', (url, reason) => {
    const result = validateDataUrl(url);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toContain(reason);
  });
});
