/**
 * Maps absolute character offsets of a streamed document to 1-based line numbers.
 *
 * Queries must be (mostly) non-decreasing: each character is examined once, so a whole
 * document costs O(n) no matter how many links it has or how the chunks are split.
 * Offsets that go backwards answer with the current line, which is at worst a line late.
 */
export class LineCounter {
  private readonly chunks: string[] = [];
  /** Absolute offset of chunks[0][0]. */
  private chunkStart = 0;
  /** Absolute offset up to which newlines have been counted. */
  private position = 0;
  /**
   * Offset (within chunks[0]) of the next newline at or after `position`, or the chunk length when there is none.
   * Caching it is what keeps minified one-line pages linear: indexOf never rescans the same tail.
   */
  private nextNewline = -1;
  private line: number;

  constructor(firstLine = 1) {
    this.line = firstLine;
  }

  push(chunk: string): void {
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  lineAt(offset: number): number {
    while (offset > this.position) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const chunkEnd = this.chunkStart + chunk.length;
      if (this.nextNewline < 0) this.nextNewline = this.findNewline(chunk, this.position - this.chunkStart);
      const target = Math.min(offset, chunkEnd) - this.chunkStart;
      while (this.nextNewline < target) {
        this.line++;
        this.nextNewline = this.findNewline(chunk, this.nextNewline + 1);
      }
      this.position = target + this.chunkStart;
      if (this.position < chunkEnd) break;
      this.chunks.shift();
      this.chunkStart = chunkEnd;
      this.nextNewline = -1;
    }
    return this.line;
  }

  private findNewline(chunk: string, from: number): number {
    const index = chunk.indexOf('\n', from);
    return index === -1 ? chunk.length : index;
  }
}
