/** Characters examined per text event; bounds the work a pathological text node can cause. */
const MAX_SLICE = 4096;

/**
 * Gathers element text as it streams past, whitespace collapsed, capped at `cap` characters.
 * Stops growing once the cap is reached, so an unclosed `<a>` or `<title>` costs nothing after that.
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
    if (this.full) return;
    const piece = data.length > MAX_SLICE ? data.slice(0, MAX_SLICE) : data;
    this.text += piece.replace(/\s+/g, ' ');
    if (this.text.length > this.cap + 1) this.full = true;
  }

  /** Marks an element boundary (`<br>`, a block) so "a<br>b" reads "a b", as a reader sees it. */
  appendBreak(): void {
    if (!this.full && this.text.length > 0) this.text += ' ';
  }

  result(): string {
    return collapseText(this.text, this.cap);
  }
}

/** Collapses runs of whitespace, trims, and caps the length. */
export function collapseText(value: string, cap: number): string {
  const collapsed = value.replace(/\s+/g, ' ').trim();
  return collapsed.length > cap ? collapsed.slice(0, cap).trimEnd() : collapsed;
}
