import type { Severity } from '../../core/report-types.js';

// Raw SGR codes rather than util.styleText: its TTY and NO_COLOR handling differs across Node 20
// and 22, and the CLI already decides whether colour is wanted.
const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  green: [32, 39],
} as const;

export type StyleName = keyof typeof CODES;

export type Styler = (style: StyleName, text: string) => string;

export function createStyler(color: boolean): Styler {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}

export const SEVERITY_STYLE: Record<Severity, StyleName> = {
  error: 'red',
  warning: 'yellow',
  notice: 'cyan',
  ok: 'green',
};
