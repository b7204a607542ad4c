/** Characters collapsed per step; bounds the work one step of a pathological text node can cause. */
const MAX_SLICE = 4096;
const SPACE = 32;

/**
 * Gathers element text as it streams past, whitespace collapsed, capped at `cap` characters.
 * Stops growing once the cap is reached, so an unclosed `<a>` or `<title>` costs nothing after that.
 *
 * The text is kept collapsed across appends (no leading space, never two spaces in a row), so the
 * result does not depend on how the text was split into pieces: network chunks, entities and
 * comments split text differently in different parsers, and the cap must count the same characters.
 */
export class TextCollector {
  private text = '';
  private full = false;

  constructor(private readonly cap: number) {}

  reset(): void {
    this.text = '';
    this.full = false;
  }

  append(data: string): void {
    for (let from = 0; from < data.length && !this.full; from += MAX_SLICE) {
      const piece = from === 0 && data.length <= MAX_SLICE ? data : data.slice(from, from + MAX_SLICE);
      let collapsed = isCollapsed(piece) ? piece : piece.replace(/\s+/g, ' ');
      if (collapsed.charCodeAt(0) === SPACE && (this.text.length === 0 || this.text.charCodeAt(this.text.length - 1) === SPACE)) {
        collapsed = collapsed.slice(1);
      }
      this.text += collapsed;
      if (this.text.length > this.cap + 1) this.full = true;
    }
  }

  /** Marks an element boundary (`<br>`, a block) so "a<br>b" reads "a b", as a reader sees it. */
  appendBreak(): void {
    if (!this.full && this.text.length > 0 && this.text.charCodeAt(this.text.length - 1) !== SPACE) this.text += ' ';
  }

  result(): string {
    // Already collapsed, with no leading space: only a trailing space and the cap remain to apply.
    const text = this.text.charCodeAt(this.text.length - 1) === SPACE ? this.text.slice(0, -1) : this.text;
    return text.length > this.cap ? text.slice(0, this.cap).trimEnd() : text;
  }
}

/**
 * Whether `text` has no whitespace but single spaces, so collapsing would not change it: most link
 * text, which then skips the regular expression. Anything unusual answers false.
 */
function isCollapsed(text: string): boolean {
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // \s is ASCII whitespace plus a few code points from U+00A0 up; those take the slow path.
    if (code < 33 ? code !== SPACE || previous === SPACE : code >= 0xa0) return false;
    previous = code;
  }
  return true;
}

/** Collapses runs of whitespace, trims, and caps the length. */
export function collapseText(value: string, cap: number): string {
  const collapsed = value.replace(/\s+/g, ' ').trim();
  return collapsed.length > cap ? collapsed.slice(0, cap).trimEnd() : collapsed;
}
