import type { z } from 'zod';
import { ServerError } from './server-error.js';

/**
 * Parses one request part with its schema. Bodies that parse but make no sense answer 422; a
 * malformed query or path parameter answers 400. The message names the field and the problem.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : part;
  const message = `Invalid ${part === 'body' ? 'input' : part === 'query' ? 'query parameter' : 'path parameter'} ${field}: ${issue?.message ?? 'invalid'}`;
  throw new ServerError(part === 'body' ? 'INVALID_INPUT' : 'BAD_REQUEST', message);
}
