import { removeLoneSurrogates } from './single-line.js';

/*
 * Spreadsheets execute cells that start with these characters as formulas; a page author could put
 * `=HYPERLINK(...)` in anchor text and have it run on the user's machine (CSV injection, OWASP).
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

// NUL and escape sequences break CSV tools and terminals that `cat` the file; tab and line breaks are data.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** One RFC 4180 field: quoted only when it has to be, formulas neutralised with a leading `'`. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = removeLoneSurrogates(String(value)).replace(CONTROL_CHARACTERS, '');
  const safe = typeof value === 'string' && FORMULA_TRIGGER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: ReadonlyArray<string | number | boolean | null>): string {
  return values.map(csvCell).join(',');
}
