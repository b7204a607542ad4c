import type { Readable, Transform } from 'node:stream';
import type { ErrorCode } from '../core/error-codes.js';
import { createBodyDecoders } from './body-decoder.js';
import { mapNetworkError } from './error-mapping.js';

export type BodyRead =
  | { ok: true; body: Buffer; truncated: boolean }
  | { ok: false; code: ErrorCode; detail: string };

/** Small bodies are drained so the keep-alive connection can be reused; larger ones cost more than a new connection. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

const EMPTY = Buffer.alloc(0);

/** Discards a response body without failing: draining small ones keeps the socket, big ones are cut off. */
export async function discardBody(body: Readable & { dump?: (opts: { limit: number }) => Promise<unknown> }): Promise<void> {
  if (body.dump === undefined) {
    body.destroy();
    return;
  }
  // dump() settles on close and swallows body errors: the status is already known, the body is irrelevant.
  await body.dump({ limit: DRAIN_LIMIT_BYTES });
}

/**
 * Reads a body, decompressed, keeping at most `maxBytes` of decoded output. Decoding is streamed and
 * stops as soon as the cap is reached, so a compression bomb costs about `maxBytes` of memory.
 */
export function readBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<BodyRead> {
  const decoders = createBodyDecoders(contentEncoding);
  if (decoders === null || decoders.length === 0) return readPlain(body, maxBytes);
  return readDecoded(body, decoders, maxBytes);
}

class Collector {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  /** Returns true once the cap is reached and the rest of the stream should be dropped. */
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

/** Event-driven rather than `for await`: the async iterator costs measurably more per small body. */
function readPlain(body: Readable, maxBytes: number): Promise<BodyRead> {
  return new Promise<BodyRead>((resolve) => {
    const collector = new Collector(maxBytes);
    let settled = false;
    const settle = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    body.on('data', (chunk: Buffer) => {
      if (settled || !collector.add(chunk)) return;
      settle(collector.result(true));
      body.destroy();
    });
    body.on('end', () => settle(collector.result(false)));
    body.on('error', (error: unknown) => {
      const mapped = mapNetworkError(error);
      settle({ ok: false, code: mapped.code, detail: mapped.detail });
    });
  });
}

function readDecoded(body: Readable, decoders: Transform[], maxBytes: number): Promise<BodyRead> {
  return new Promise<BodyRead>((resolve) => {
    const collector = new Collector(maxBytes);
    const last = decoders[decoders.length - 1] as Transform;
    let rawBytes = 0;
    let settled = false;

    const settle = (result: BodyRead, stopStreams: boolean): void => {
      if (settled) return;
      settled = true;
      if (stopStreams) {
        body.destroy();
        for (const decoder of decoders) decoder.destroy();
      }
      resolve(result);
    };

    body.on('error', (error: unknown) => {
      const mapped = mapNetworkError(error);
      settle({ ok: false, code: mapped.code, detail: mapped.detail }, true);
    });
    body.on('data', (chunk: Buffer) => {
      rawBytes += chunk.length;
    });
    body.on('end', () => {
      // An empty body with a Content-Encoding (HEAD-like 200s, 204s) is not corrupt, just empty.
      if (rawBytes === 0) settle(collector.result(false), true);
    });
    for (const decoder of decoders) {
      decoder.on('error', (error: Error) => {
        if (rawBytes === 0) return;
        settle({ ok: false, code: 'DECODING_FAILED', detail: describeDecodeError(error) }, true);
      });
    }
    last.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (collector.add(chunk)) settle(collector.result(true), true);
    });
    last.on('end', () => settle(collector.result(false), false));

    let upstream: Readable = body;
    for (const decoder of decoders) upstream = upstream.pipe(decoder);
  });
}

function describeDecodeError(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
