import type { Transform } from 'node:stream';
import type { ErrorCode } from '../core/error-codes.js';
import { createBodyDecoders } from './body-decoder.js';
import { mapNetworkError } from './error-mapping.js';

export type BodyRead =
  | { ok: true; body: Buffer; truncated: boolean }
  | { ok: false; code: ErrorCode; detail: string };

/**
 * Where the chunks of one response body go, straight from the HTTP parser. The owner calls `end` or
 * `fail` once after the writes; the sink reports through its `done` callback, at most once, possibly
 * before the body ends (cap reached), after which the owner cuts the response off.
 */
export interface BodySink {
  write(chunk: Buffer): void;
  end(): void;
  fail(error: unknown): void;
}

/** The parser's flow control, so decoding can hold back a body that arrives faster than it inflates. */
export interface BodyFlow {
  pause(): void;
  resume(): void;
}

/** Small bodies are drained so the keep-alive connection can be reused; larger ones cost more than a new connection. */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

const EMPTY = Buffer.alloc(0);

/**
 * Drops a body without buffering it and without failing: the status is already known, so an error
 * only ends it early. Past the drain limit it reports done, which cuts the connection.
 */
export class DrainSink implements BodySink {
  private received = 0;

  constructor(private readonly done: () => void) {}

  write(chunk: Buffer): void {
    this.received += chunk.length;
    if (this.received > DRAIN_LIMIT_BYTES) this.done();
  }

  end(): void {
    this.done();
  }

  fail(): void {
    this.done();
  }
}

/** Sinks that keep the body, decompressed, up to `maxBytes` of decoded output. */
export function createReadSink(
  contentEncoding: string | undefined,
  maxBytes: number,
  flow: BodyFlow,
  done: (read: BodyRead) => void,
): BodySink {
  const decoders = createBodyDecoders(contentEncoding);
  if (decoders === null || decoders.length === 0) return new CollectSink(maxBytes, done);
  return new DecodeSink(decoders, maxBytes, flow, done);
}

class Collector {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  /** Returns true once the cap is reached and the rest of the body should be dropped. */
  add(chunk: Buffer): boolean {
    const room = this.maxBytes - this.total;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.total = this.maxBytes;
      return true;
    }
    this.chunks.push(chunk);
    this.total += chunk.length;
    return false;
  }

  result(truncated: boolean): BodyRead {
    const body = this.chunks.length === 1 ? (this.chunks[0] ?? EMPTY) : Buffer.concat(this.chunks, this.total);
    return { ok: true, body, truncated };
  }
}

function failedRead(error: unknown): BodyRead {
  const mapped = mapNetworkError(error);
  return { ok: false, code: mapped.code, detail: mapped.detail };
}

/** An identity (or unknown-coding) body, kept as it arrives. */
class CollectSink implements BodySink {
  private readonly collector: Collector;
  private settled = false;

  constructor(
    maxBytes: number,
    private readonly done: (read: BodyRead) => void,
  ) {
    this.collector = new Collector(maxBytes);
  }

  write(chunk: Buffer): void {
    if (this.settled || !this.collector.add(chunk)) return;
    this.settle(this.collector.result(true));
  }

  end(): void {
    this.settle(this.collector.result(false));
  }

  fail(error: unknown): void {
    this.settle(failedRead(error));
  }

  private settle(read: BodyRead): void {
    if (this.settled) return;
    this.settled = true;
    this.done(read);
  }
}

/**
 * A compressed body fed through the decoder chain. Decoding is streamed and stops as soon as the cap
 * is reached, so a compression bomb costs about `maxBytes` of memory.
 */
class DecodeSink implements BodySink {
  private readonly collector: Collector;
  private readonly first: Transform;
  private rawBytes = 0;
  private settled = false;

  constructor(
    private readonly decoders: Transform[],
    maxBytes: number,
    private readonly flow: BodyFlow,
    private readonly done: (read: BodyRead) => void,
  ) {
    this.collector = new Collector(maxBytes);
    this.first = decoders[0] as Transform;
    const last = decoders[decoders.length - 1] as Transform;
    for (const decoder of decoders) {
      decoder.on('error', (error: Error) => {
        // An empty body with a Content-Encoding (HEAD-like 200s, 204s) is not corrupt, just empty.
        if (this.rawBytes === 0) return;
        this.settle({ ok: false, code: 'DECODING_FAILED', detail: describeDecodeError(error) }, true);
      });
    }
    for (let index = 1; index < decoders.length; index++) (decoders[index - 1] as Transform).pipe(decoders[index] as Transform);
    this.first.on('drain', () => {
      if (!this.settled) this.flow.resume();
    });
    last.on('data', (chunk: Buffer) => {
      if (!this.settled && this.collector.add(chunk)) this.settle(this.collector.result(true), true);
    });
    last.on('end', () => this.settle(this.collector.result(false), false));
  }

  write(chunk: Buffer): void {
    if (this.settled) return;
    this.rawBytes += chunk.length;
    if (!this.first.write(chunk)) this.flow.pause();
  }

  end(): void {
    if (this.rawBytes === 0) this.settle(this.collector.result(false), true);
    else if (!this.settled) this.first.end();
  }

  fail(error: unknown): void {
    this.settle(failedRead(error), true);
  }

  private settle(read: BodyRead, stopDecoders: boolean): void {
    if (this.settled) return;
    this.settled = true;
    if (stopDecoders) for (const decoder of this.decoders) decoder.destroy();
    this.done(read);
  }
}

function describeDecodeError(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
