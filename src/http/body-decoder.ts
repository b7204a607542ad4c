import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Flush modes that tolerate a compressed stream cut short: many servers close without the trailer,
 * and browsers still render what arrived, so we should too. Genuinely corrupt data still errors.
 */
const ZLIB_OPTIONS: zlib.ZlibOptions = {
  flush: zlib.constants.Z_SYNC_FLUSH,
  finishFlush: zlib.constants.Z_SYNC_FLUSH,
};
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/** Node >= 22.15 ships zstd; @types/node 20 does not know it, hence the structural lookup. */
const createZstdDecompress = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;

/**
 * `Content-Encoding: deflate` is meant to be zlib-wrapped, but servers also send raw deflate.
 * The first two bytes tell them apart: a zlib header has method 8 and a checksum divisible by 31.
 */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.inner === null) {
      if (chunk.length === 0) {
        callback();
        return;
      }
      this.inner = looksLikeZlib(chunk) ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
      this.inner.on('data', (data: Buffer) => this.push(data));
      this.inner.on('error', (error: Error) => this.destroy(error));
    }
    this.inner.write(chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    const inner = this.inner;
    if (inner === null) {
      callback();
      return;
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}

function looksLikeZlib(chunk: Buffer): boolean {
  const cmf = chunk[0] ?? 0;
  if ((cmf & 0x0f) !== 0x08) return false;
  const flg = chunk[1];
  return flg === undefined || (cmf * 256 + flg) % 31 === 0;
}

function decoderFor(coding: string): Transform | null {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_OPTIONS);
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return zlib.createBrotliDecompress(BROTLI_OPTIONS);
    case 'zstd':
      return createZstdDecompress === undefined ? null : createZstdDecompress();
    default:
      return null;
  }
}

/**
 * Decoders for a Content-Encoding header, in the order to apply them (the reverse of how the server
 * applied them). Empty for identity; null when any coding is unknown, so the caller keeps raw bytes.
 */
export function createBodyDecoders(contentEncoding: string | undefined): Transform[] | null {
  if (contentEncoding === undefined || contentEncoding === '') return [];
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const decoders: Transform[] = [];
  for (let index = codings.length - 1; index >= 0; index--) {
    const decoder = decoderFor(codings[index] ?? '');
    if (decoder === null) {
      for (const created of decoders) created.destroy();
      return null;
    }
    decoders.push(decoder);
  }
  return decoders;
}
