import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsvReport } from './csv-report.js';
import { HOSTILE_TEXT, sampleScanReport } from './sample-scan-report.fixture.js';

/** A strict RFC 4180 reader, so the test checks the file a spreadsheet would really see. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const char = csv.charAt(i);
    if (quoted) {
      if (char === '"' && csv.charAt(i + 1) === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && csv.charAt(i + 1) === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i += 1;
    } else if (char === '\r' || char === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else field += char;
  }
  if (quoted || field !== '' || row.length > 0) throw new Error('file does not end with CRLF');
  return rows;
}

function records(csv: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((row) => Object.fromEntries((header ?? []).map((name, index) => [name, row[index] ?? ''])));
}

describe('renderCsvReport', () => {
  const csv = renderCsvReport(sampleScanReport());
  const rows = records(csv);

  it('starts with the documented header and gives every row every column', () => {
    const parsed = parseCsv(csv);
    expect(parsed[0]).toEqual([...CSV_COLUMNS]);
    for (const row of parsed) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('writes one row per (finding, occurrence)', () => {
    // 1 + 3 + 50 + 1 + 1 + 2 + 1 + 1 + 1 occurrences over the nine non-ok findings, plus one row for the ok finding.
    expect(rows).toHaveLength(62);
    expect(rows.filter((row) => row.url === 'https://shop.example.com/assets/logo.png')).toHaveLength(50);
    const pricing = rows.filter((row) => row.url === 'https://shop.example.com/pricing-old');
    expect(pricing.map((row) => row.page)).toEqual([
      'https://shop.example.com/',
      'https://shop.example.com/blog/launch',
      'https://shop.example.com/features',
    ]);
  });

  it('fills the finding columns', () => {
    const dns = rows.find((row) => row.error === 'DNS_NOT_FOUND');
    expect(dns).toMatchObject({
      url: 'https://cdn.nonexistent.invalid/lib.js',
      status: '',
      severity: 'error',
      category: 'broken',
      internal: 'false',
      kind: 'script',
      title: 'DNS name not found',
      page: 'https://shop.example.com/',
      element: 'script',
      attribute: 'src',
      line: '5',
    });
    const redirect = rows.find((row) => row.url === 'http://shop.example.com/blog');
    expect(redirect).toMatchObject({ status: '200', final_url: 'https://shop.example.com/blog/', redirect_count: '2' });
  });

  it('gives a finding without occurrences one row with empty page columns', () => {
    const ok = rows.filter((row) => row.severity === 'ok');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ url: 'https://shop.example.com/', page: '', element: '', attribute: '', text: '', line: '' });
  });

  it('keeps quotes, commas, newlines and non-ASCII intact through quoting', () => {
    const texts = rows.map((row) => row.text);
    expect(texts).toContain(HOSTILE_TEXT.quoted);
    expect(texts).toContain(HOSTILE_TEXT.script);
    expect(texts).toContain(HOSTILE_TEXT.unicode);
    expect(rows.map((row) => row.title)).toContain('Soft 404: page says "Not found, sorry"');
    expect(rows.map((row) => row.url)).toContain('http://exa mple.com/a b');
  });

  it('neutralises spreadsheet formulas with a leading apostrophe', () => {
    expect(rows.map((row) => row.text)).toContain(`'${HOSTILE_TEXT.formula}`);
    expect(csv).not.toMatch(/(^|,|\r\n)"?[=+\-@]/);
  });

  it('orders rows by severity, internal before external', () => {
    const severities = rows.map((row) => row.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
    expect(rows[0]?.url).toBe('https://shop.example.com/assets/logo.png');
  });
});

describe('renderCsvReport with control characters', () => {
  it('drops NUL, escape sequences and lone surrogates but keeps the rest of the text', () => {
    const csv = renderCsvReport(sampleScanReport());
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(csv).not.toMatch(/[\u0000\u0007\u001b\uD800]/);
    expect(csv).toContain('bell esc[31mred[0m nul lone rtl\u202Eevil');
  });
});
