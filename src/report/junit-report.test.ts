import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderJunitReport } from './junit-report.js';
import { cleanScanReport, sampleScanReport } from './sample-scan-report.fixture.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

const NAME = '[A-Za-z_][\\w.-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * A strict well-formedness check (balanced tags, one root, quoted unique attributes, only known
 * entities, only XML 1.0 characters); htmlparser2 alone would forgive all of these.
 */
function assertWellFormed(xml: string): void {
  expect(xml).not.toMatch(INVALID_CHARACTER);
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const token = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>|([^<]+)|(<)`, 'gy');
  const stack: string[] = [];
  let roots = 0;
  for (const match of body.matchAll(token)) {
    const [, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray !== undefined) throw new Error(`stray "<" at ${match.index}`);
    if (text !== undefined) {
      expect(text.replace(ENTITY, '')).not.toMatch(/[&<]/);
      if (stack.length === 0) expect(text.trim()).toBe('');
      continue;
    }
    const names = Array.from((attributes ?? '').matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g')), (m) => {
      expect((m[2] ?? '').replace(ENTITY, '')).not.toMatch(/[&<]/);
      return m[1];
    });
    expect(new Set(names).size).toBe(names.length);
    if (closing === '/') {
      expect(stack.pop()).toBe(name);
    } else {
      if (stack.length === 0) roots += 1;
      if (selfClosing !== '/') stack.push(name ?? '');
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, text: '', children: [] };
  const stack = [root];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element = { name, attributes, text: '', children: [] };
        stack.at(-1)?.children.push(element);
        stack.push(element);
      },
      ontext(text) {
        const current = stack.at(-1);
        if (current !== undefined) current.text += text;
      },
      onclosetag() {
        stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return root;
}

function all(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...all(child, name)]);
}

describe('assertWellFormed', () => {
  it.each([
    ['<a><b></a></b>', 'crossed tags'],
    ['<a>fish & chips</a>', 'a bare ampersand'],
    ['<a x="1" x="2"/>', 'a repeated attribute'],
    ['<a x=1/>', 'an unquoted attribute'],
    ['<a/><b/>', 'two roots'],
    ['<a>\u0001</a>', 'a control character'],
  ])('rejects %j (%s)', (xml) => {
    expect(() => assertWellFormed(xml)).toThrow();
  });
});

describe('renderJunitReport', () => {
  const xml = renderJunitReport(sampleScanReport());
  const document = parseXml(xml);
  const cases = all(document, 'testcase');
  const byName = (name: string): XmlElement => {
    const found = cases.find((testCase) => testCase.attributes.name === name);
    if (found === undefined) throw new Error(`no testcase named ${name}`);
    return found;
  };

  it('is well-formed XML', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    assertWellFormed(xml);
  });

  it('has one suite per severity plus the scan summary, with consistent totals', () => {
    const [root] = all(document, 'testsuites');
    const suites = all(document, 'testsuite');
    expect(suites.map((suite) => suite.attributes.name)).toEqual([
      'dislike404 Errors',
      'dislike404 Warnings',
      'dislike404 Notices',
      'dislike404 OK',
      'dislike404 scan',
    ]);
    expect(root?.attributes).toMatchObject({ tests: '11', failures: '5', errors: '0', skipped: '1', time: '72.300' });
    for (const suite of suites) {
      expect(Number(suite.attributes.tests)).toBe(all(suite, 'testcase').length);
      expect(Number(suite.attributes.failures)).toBe(all(suite, 'failure').length);
      expect(Number(suite.attributes.skipped)).toBe(all(suite, 'skipped').length);
    }
  });

  it('fails each error with the outcome, reason, advice and where to fix it', () => {
    const pricing = byName('https://shop.example.com/pricing-old');
    expect(pricing.attributes.classname).toBe('HTTP_404');
    const [failure] = all(pricing, 'failure');
    expect(failure?.attributes).toEqual({
      message: '404 Not Found: This page of your site does not exist.',
      type: 'HTTP_404',
    });
    expect(failure?.text).toContain('Fix: Restore the page or update the links to it.');
    expect(failure?.text).toContain('Did you mean: https://shop.example.com/pricing');
    expect(failure?.text).toContain('First found on: https://shop.example.com/ (line 12, <a> "<script>alert("x")</script>")');
  });

  it('lists every page in system-out, decoded back to the original text', () => {
    const out = all(byName('https://shop.example.com/pricing-old'), 'system-out')[0]?.text ?? '';
    expect(out.split('\n')).toEqual([
      'on https://shop.example.com/ (line 12, <a> "<script>alert("x")</script>")',
      `on https://shop.example.com/blog/launch (line 31, <a> "=cmd|' /C calc'!A0")`,
      'on https://shop.example.com/features (line 40, <a> "Say "hi", then read on")',
    ]);
    const logo = all(byName('https://shop.example.com/assets/logo.png'), 'system-out')[0]?.text ?? '';
    expect(logo.split('\n')).toHaveLength(50);
  });

  it('skips robots-blocked URLs and passes warnings with their explanation', () => {
    const admin = byName('https://shop.example.com/admin/');
    expect(all(admin, 'skipped')[0]?.attributes.message).toContain('robots.txt disallows this URL');
    expect(all(admin, 'failure')).toEqual([]);
    const redirect = byName('http://shop.example.com/blog');
    expect(all(redirect, 'failure')).toEqual([]);
    expect(all(redirect, 'system-out')[0]?.text).toContain('Redirects: 301 → https://shop.example.com/blog → 302');
  });

  it('keeps hostile text intact in attributes and strips what XML cannot hold', () => {
    expect(cases.map((testCase) => testCase.attributes.name)).toContain('"http://exa mple.com/a b"');
    const fragment = all(byName('https://shop.example.com/docs#instal'), 'system-out')[0]?.text ?? '';
    expect(fragment).toContain('"bell esc [31mred [0m nul lone rtl evil"');
    expect(xml).toContain('Café ünïcödé 日本語 🎉');
    expect(all(byName('https://shop.example.com/sale'), 'system-out')[0]?.text).toContain(
      'SOFT_404 — Soft 404: page says "Not found, sorry": https://shop.example.com/sale',
    );
  });

  it('has no OK suite when the report holds no successes', () => {
    const report = sampleScanReport();
    report.findings = report.findings.filter((finding) => finding.severity !== 'ok');
    const withoutOk = parseXml(renderJunitReport(report));
    expect(all(withoutOk, 'testsuite').map((suite) => suite.attributes.name)).not.toContain('dislike404 OK');
  });

  it('still has a passing test case when nothing was found', () => {
    const clean = renderJunitReport(cleanScanReport());
    assertWellFormed(clean);
    const parsed = parseXml(clean);
    expect(all(parsed, 'testcase')).toHaveLength(1);
    expect(all(parsed, 'system-out')[0]?.text).toContain('No broken links found on 100 pages');
  });
});
