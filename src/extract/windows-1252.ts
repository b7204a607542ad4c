import { TextDecoder } from 'node:util';
/**
 * WHATWG index-windows-1252 for bytes 0x80–0x9F, the only range where it differs from Latin-1.
 * 0x81, 0x8D, 0x8F, 0x90 and 0x9D map to the C1 control of the same value.
 */
const HIGH_CONTROLS =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * Node 20.18.3+ and 22.13+ decode windows-1252 (and so `latin1`/`ascii`/`iso-8859-1`, which the
 * Encoding Standard maps to it) as plain Latin-1, turning smart quotes and € into C1 controls
 * (nodejs/node#60888). Probing once means the repair switches itself off on a fixed runtime.
 */
export const NEEDS_WINDOWS_1252_REPAIR = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '\u20AC';

/** Maps the C1 controls a Latin-1 decode produced back to their windows-1252 characters. */
export function repairWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (char) => HIGH_CONTROLS[char.charCodeAt(0) - 0x80] ?? char);
}
