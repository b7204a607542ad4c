import { closeSync, openSync, writeSync } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes text that arrives in chunks (the streamed JSON report) to a file, replacing it, without
 * gathering it into one string first.
 */
export function writeChunksToFile(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** The same for a stream (stdout), waiting for it to drain so a slow reader cannot make us buffer it all. */
export async function writeChunksToStream(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream as NodeJS.EventEmitter, 'drain');
  }
}
