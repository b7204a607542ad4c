import { createLogUpdate } from 'log-update';
import type { ScanProgress } from '../crawl/scan-events.js';

/** The live status line on stderr while a scan runs (only on a terminal, never with --quiet). */
export class ProgressDisplay {
  private readonly update: ReturnType<typeof createLogUpdate>;
  private frame = 0;

  constructor(stream: NodeJS.WritableStream) {
    this.update = createLogUpdate(stream, { showCursor: false });
  }

  render(p: ScanProgress, note?: string): void {
    const spinner = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[this.frame++ % 10];
    const parts = [
      `${fmt(p.pagesCrawled)} pages`,
      `${fmt(p.urlsChecked)}/${fmt(p.urlsFound)} URLs checked`,
      `${fmt(p.queued)} queued`,
      `${fmt(p.broken)} broken`,
      `${fmt(Math.round(p.rate))} URLs/s`,
      elapsed(p.elapsedMs),
    ];
    this.update(`${spinner} ${parts.join(' · ')}${note ? `\n  ${note}` : ''}`);
  }

  done(): void {
    this.update.clear();
    this.update.done();
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}
