/**
 * Greedy word wrap for terminal output. Counts UTF-16 units, which is right for the plain prose in
 * the knowledge base; words longer than the width (URLs) are cut rather than allowed to overflow.
 */
export function wrapText(text: string, width: number): string[] {
  return wrapVarying(text, width, width);
}

/** Wraps with a prefix on the first line ("• ", "1. ") and an indent (same width by default) on the rest. */
export function wrapWithPrefix(text: string, width: number, firstPrefix: string, restPrefix = ' '.repeat(firstPrefix.length)): string[] {
  const body = wrapVarying(text, width - firstPrefix.length, width - restPrefix.length);
  return body.map((line, i) => `${i === 0 ? firstPrefix : restPrefix}${line}`);
}

function wrapVarying(text: string, firstWidth: number, restWidth: number): string[] {
  const lines: string[] = [];
  const limit = (): number => Math.max(1, Math.floor(lines.length === 0 ? firstWidth : restWidth));
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= limit()) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = word;
    while (current.length > limit()) {
      const cut = limit();
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}
