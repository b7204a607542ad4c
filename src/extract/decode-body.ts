import { TextDecoder } from 'node:util';
import { charsetFromContentType, sniffCharset } from './sniff-charset.js';
import { NEEDS_WINDOWS_1252_REPAIR, repairWindows1252 } from './windows-1252.js';

export interface DecodedBody {
  text: string;
  /** Canonical WHATWG encoding name actually used (`utf-8`, `windows-1252`, `shift_jis`...). */
  charset: string;
}

/**
 * Decodes a response body as a browser would: byte order mark, then the Content-Type charset,
 * then a declaration in the first 1024 bytes, else UTF-8. A label the platform does not know is
 * skipped in favour of the next source, and malformed bytes become U+FFFD; this never throws.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const decoder =
    decoderFor(bomEncoding(bytes)) ??
    decoderFor(charsetFromContentType(contentType)) ??
    decoderFor(documentLabel(sniffCharset(bytes))) ??
    new TextDecoder('utf-8');
  const text = decoder.decode(bytes);
  const charset = decoder.encoding;
  if (charset === 'windows-1252' && NEEDS_WINDOWS_1252_REPAIR) return { text: repairWindows1252(text), charset };
  return { text, charset };
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/**
 * A declaration read by an ASCII-compatible scan cannot honestly claim UTF-16, so the spec maps it
 * to UTF-8; x-user-defined maps to windows-1252 for the same reason.
 */
function documentLabel(label: string | null): string | null {
  if (label === null) return null;
  const lower = label.trim().toLowerCase();
  if (lower.startsWith('utf-16')) return 'utf-8';
  if (lower === 'x-user-defined') return 'windows-1252';
  return label;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (label === null) return null;
  try {
    return new TextDecoder(label.trim());
  } catch {
    // Unknown or unsupported label: the caller moves on to the next source.
    return null;
  }
}
