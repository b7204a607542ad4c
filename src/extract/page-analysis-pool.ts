import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analysePage, type PageAnalysis, type PageAnalysisRequest } from './page-analysis.js';

interface Pending {
  request: PageAnalysisRequest;
  resolve: (analysis: PageAnalysis) => void;
  reject: (error: Error) => void;
}

/**
 * Parses HTML pages on worker threads so that parsing (the biggest CPU cost of a crawl) runs
 * beside the network loop instead of stalling it. Falls back to parsing inline when there is one
 * core, when asked for zero workers, or when running from TypeScript sources (tests), where the
 * compiled worker file does not exist.
 */
export class PageAnalysisPool {
  private readonly workers: { worker: Worker; load: number }[] = [];
  private readonly pending = new Map<number, Pending & { slot: number }>();
  private nextId = 1;
  private readonly workerFile = fileURLToPath(new URL('./page-analysis-worker.js', import.meta.url));
  private readonly size: number;
  private failed = false;

  constructor(requested: number | 'auto') {
    // Measured on 2 cores: handing pages to a worker (copying them there and the links back) costs
    // more than it saves when the machine has no idle core to give it, so `auto` starts workers
    // only from 4 cores on.
    const cores = availableParallelism();
    const auto = cores >= 4 ? Math.min(cores - 2, 3) : 0;
    this.size = requested === 'auto' ? auto : requested;
    if (!existsSync(this.workerFile) || import.meta.url.endsWith('.ts')) this.size = 0;
  }

  get threads(): number {
    return this.size;
  }

  analyse(request: PageAnalysisRequest): Promise<PageAnalysis> {
    if (this.size === 0 || this.failed) return Promise.resolve(analysePage(request));
    const slot = this.pickSlot();
    const entry = this.workers[slot] as { worker: Worker; load: number };
    const id = this.nextId++;
    entry.load += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve, reject, slot });
      entry.worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  private pickSlot(): number {
    if (this.workers.length < this.size) {
      const worker = new Worker(this.workerFile);
      worker.unref();
      const slot = this.workers.length;
      worker.on('message', (message: { id: number; result?: PageAnalysis; error?: string }) => this.settle(message));
      worker.on('error', (error) => this.fail(error));
      this.workers.push({ worker, load: 0 });
      return slot;
    }
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) if ((this.workers[i]?.load ?? 0) < (this.workers[best]?.load ?? 0)) best = i;
    return best;
  }

  private settle(message: { id: number; result?: PageAnalysis; error?: string }): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    const entry = this.workers[pending.slot];
    if (entry) entry.load -= 1;
    if (message.result) pending.resolve(message.result);
    else pending.reject(new Error(message.error ?? 'page analysis failed'));
  }

  /** A crashed worker must not lose pages: everything in flight is redone inline from now on. */
  private fail(_error: Error): void {
    this.failed = true;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      try {
        pending.resolve(analysePage(pending.request));
      } catch (cause) {
        pending.reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    }
  }
}
