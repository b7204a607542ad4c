import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Finding } from '../../core/report-types.js';
import type { User } from '../../store/accounts-store.js';
import type { Scan, Site } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../server-error.js';
import { settingsWithoutSecrets } from '../../notify/alert-channel.js';

export const V2 = '/api/v2';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The caller of a v2 request: a Bearer token when an Authorization header is sent (a bad one is
 * 401 even beside a valid cookie, so a broken integration never silently acts as the browser's
 * user), else the session cookie. A browser's state-changing call must echo the session's CSRF
 * token in a header, because cookies ride along on cross-site requests and tokens do not.
 */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<User> {
  if (request.headers.authorization !== undefined) return ctx.auth.requireBearer(request);
  const signedIn = await ctx.auth.session(request);
  if (signedIn === null) {
    throw new ServerError('UNAUTHENTICATED', 'Send Authorization: Bearer <token> (create one on /account) or sign in', {
      headers: { 'www-authenticate': 'Bearer realm="dislike404"' },
    });
  }
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    ctx.auth.checkCsrf(request, typeof header === 'string' ? header : undefined, signedIn);
  }
  return signedIn.user;
}

/** Parses a body or query string; anything wrong is 422 with the field and the problem named. */
export function parseV2<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query'): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const noun = part === 'body' ? 'field' : 'query parameter';
  if (issue?.code === 'unrecognized_keys') throw new ServerError('INVALID_INPUT', `Unknown ${noun} ${issue.keys.join(', ')}`);
  const field = issue !== undefined && issue.path.length > 0 ? issue.path.map(String).join('.') : part;
  throw new ServerError('INVALID_INPUT', `Invalid ${noun} ${field}: ${issue?.message ?? 'invalid value'}`);
}

/** Path parameters are ids; an id that cannot exist is simply not found, like another user's. */
export function pathId(params: unknown, name: 'id' | 'ruleId' = 'id'): string {
  const value = (params as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : '';
}

export interface SiteView {
  id: string;
  url: string;
  name: string;
  createdAt: string;
  verified: boolean;
  settings: Record<string, unknown>;
}

export async function siteView(ctx: AppContext, site: Site): Promise<SiteView> {
  return { id: site.id, url: site.url, name: site.name, createdAt: site.createdAt, verified: await ctx.sites.isVerified(site), settings: settingsWithoutSecrets(site.settings) };
}

/** True when this process is running `scan` right now (an old `running` row may be a crashed one). */
export async function isLive(ctx: AppContext, site: Site, scan: Scan): Promise<boolean> {
  if ((scan.status !== 'running' && scan.status !== 'queued') || !ctx.runner.isRunning(site.id)) return false;
  const [latest] = await ctx.store.listScans(site.id, { limit: 1 });
  return latest?.id === scan.id;
}

export async function scanView(ctx: AppContext, site: Site, scan: Scan): Promise<Record<string, unknown>> {
  const live = (await isLive(ctx, site, scan)) ? ctx.runner.progress(site.id) : null;
  return {
    id: scan.id,
    siteId: scan.siteId,
    status: scan.status,
    createdAt: scan.createdAt,
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    durationMs: scan.durationMs,
    limitsHit: scan.limitsHit,
    counters: scan.counters,
    live,
    summary: scan.summary,
    failure: scan.failure,
  };
}

/** Enough of a finding to say what changed between two scans without shipping its occurrences. */
export function findingBrief(finding: Finding | null): Record<string, unknown> | null {
  if (finding === null) return null;
  return { status: finding.status, error: finding.error, severity: finding.severity, title: finding.title, internal: finding.internal, kind: finding.kind };
}
