import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv-cell.js';

describe('csvCell', () => {
  it('quotes only fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises formula trigger %j', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith(`'${value.charAt(0)}`)).toBe(true);
  });

  it('writes numbers, booleans and null plainly', () => {
    expect(csvRow([404, true, null, 'x'])).toBe('404,true,,x');
  });
});
