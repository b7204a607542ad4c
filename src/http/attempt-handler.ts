import type { Dispatcher } from 'undici';
import type { Abortable } from './attempt-deadline.js';
import { createReadSink, DRAIN_LIMIT_BYTES, DrainSink, type BodyRead, type BodySink } from './body-sink.js';
import { mapNetworkError } from './error-mapping.js';
import { attemptFailure, type AttemptFailure } from './attempt-failure.js';

/** What to do with a response's body once its head is known, and what the attempt then amounts to. */
export type BodyPlan<T> =
  | { kind: 'discard'; result: T }
  | { kind: 'read'; contentEncoding: string | undefined; maxBytes: number; finish: (read: BodyRead) => T };

export type HeadInterpreter<T> = (status: number, headers: Record<string, string>) => BodyPlan<T>;

type RawHeaders = Record<string, string | string[] | undefined>;

/** `code` of the reason handed to undici when we stop a response; the attempt has settled by then. */
const RESPONSE_STOPPED_ERROR_CODE = 'DISLIKE404_RESPONSE_STOPPED';

class ResponseStoppedError extends Error {
  readonly code = RESPONSE_STOPPED_ERROR_CODE;

  constructor() {
    super('response no longer wanted');
    this.name = 'ResponseStoppedError';
  }
}

/**
 * Joins repeated headers with ', ' in place: undici parses a fresh object per response, so reusing
 * it saves a copy on every request.
 */
function flattenHeaders(raw: RawHeaders): Record<string, string> {
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) raw[name] = value.join(', ');
    else if (value === undefined) delete raw[name];
  }
  return raw as Record<string, string>;
}

/**
 * One attempt as an undici dispatch handler: body chunks go from the parser straight into a sink,
 * with no stream, promise or AbortSignal per request. It settles exactly once, through `resolve`;
 * whatever undici reports after that is ignored, and a response still running is cut off.
 */
export class AttemptHandler<T> implements Dispatcher.DispatchHandler, Abortable {
  private controller: Dispatcher.DispatchController | null = null;
  private sink: BodySink | null = null;
  /** The parser is done with this response, so there is nothing left to abort. */
  private ended = false;
  private settled = false;

  constructor(
    private readonly isHead: boolean,
    private readonly interpret: HeadInterpreter<T>,
    private readonly resolve: (result: T | AttemptFailure) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Settled while undici still queued or connected it: the deadline passed, the request is moot.
    if (this.settled) controller.abort(new ResponseStoppedError());
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: RawHeaders): void {
    // 1xx informational heads precede the real one.
    if (statusCode < 200 || this.settled) return;
    const flat = flattenHeaders(headers);
    const plan = this.interpret(statusCode, flat);
    if (plan.kind === 'read') {
      this.sink = createReadSink(plan.contentEncoding, plan.maxBytes, controller, (read) => this.finish(plan.finish(read)));
      return;
    }
    const result = plan.result;
    this.sink = new DrainSink(() => this.finish(result));
    // HEAD's Content-Length describes a body that never comes, so it must not cost the connection.
    if (!this.isHead && Number(flat['content-length']) > DRAIN_LIMIT_BYTES) this.finish(result);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.sink?.write(chunk);
  }

  onResponseEnd(): void {
    this.ended = true;
    if (this.sink !== null) this.sink.end();
    else this.finish(attemptFailure('PROTOCOL_ERROR', 'response ended without a final status'));
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.ended = true;
    this.fail(error);
  }

  /** The attempt's deadline or the scan's abort. */
  abort(reason: unknown): void {
    this.fail(reason);
  }

  /** A failure before the head is the attempt's answer; after it, the sink decides what it means. */
  fail(error: unknown): void {
    if (this.settled) return;
    if (this.sink !== null) {
      this.sink.fail(error);
      return;
    }
    const mapped = mapNetworkError(error);
    this.finish(attemptFailure(mapped.code, mapped.detail));
  }

  private finish(result: T | AttemptFailure): void {
    if (this.settled) return;
    this.settled = true;
    this.sink = null;
    // The rest of the response is not wanted; stopping it costs the connection, not the answer.
    if (!this.ended && this.controller !== null) this.controller.abort(new ResponseStoppedError());
    this.resolve(result);
  }
}
