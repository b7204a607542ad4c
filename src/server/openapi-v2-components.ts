/** JSON Schema (2020-12, as OpenAPI 3.1 uses) for what the v2 API answers; requests come from zod. */
import { SERVER_ERRORS } from './server-error.js';
type Schema = Record<string, unknown>;

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const int = { type: 'integer' };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const findingBrief: Schema = {
  type: ['object', 'null'],
  properties: { status: { type: ['integer', 'null'] }, error: nullableStr, severity: str, title: str, internal: { type: 'boolean' }, kind: str },
};

export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', description: 'Stable machine-readable code: one of ' + Object.keys(SERVER_ERRORS).join(', ') },
      message: { type: 'string', description: 'Human-readable; names the field for invalid input' },
    },
  },
  Site: {
    type: 'object',
    required: ['id', 'url', 'name', 'createdAt', 'verified', 'settings'],
    properties: { id: { type: 'string', format: 'uuid' }, url: { type: 'string', format: 'uri' }, name: str, createdAt: { type: 'string', format: 'date-time' }, verified: { type: 'boolean' }, settings: { type: 'object' } },
  },
  Scan: {
    type: 'object',
    required: ['id', 'siteId', 'status', 'counters'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      siteId: { type: 'string', format: 'uuid' },
      status: { enum: ['queued', 'running', 'completed', 'failed', 'aborted', 'interrupted'] },
      createdAt: { type: 'string', format: 'date-time' },
      startedAt: nullableStr,
      finishedAt: nullableStr,
      durationMs: { type: ['integer', 'null'] },
      limitsHit: { type: 'array', items: str },
      counters: { type: 'object', properties: { pagesCrawled: int, urlsChecked: int, urlsFound: int, findings: int, broken: int } },
      live: {
        type: ['object', 'null'],
        description: 'Live progress while this server runs the scan',
        properties: { pagesCrawled: int, urlsChecked: int, urlsFound: int, queued: int, active: int, broken: int, elapsedMs: int, rate: { type: 'number' } },
      },
      summary: { type: ['object', 'null'], description: 'The report summary (counts by severity and category) once the scan has finished' },
      failure: nullableStr,
    },
  },
  Finding: {
    type: 'object',
    description: 'One checked URL, as in the JSON report (docs/report.schema.json)',
    required: ['url', 'status', 'error', 'severity', 'category', 'internal', 'kind'],
    properties: {
      url: str,
      status: { type: ['integer', 'null'] },
      error: nullableStr,
      severity: { enum: ['error', 'warning', 'notice', 'ok'] },
      category: { enum: ['broken', 'redirected', 'skipped', 'blocked', 'ok'] },
      title: str,
      internal: { type: 'boolean' },
      kind: str,
      occurrences: { type: 'array', items: { type: 'object' } },
      occurrenceCount: int,
      suppressedBy: { type: ['object', 'null'] },
    },
  },
  FindingsPage: {
    type: 'object',
    required: ['total', 'limit', 'offset', 'data'],
    properties: { total: int, limit: int, offset: int, data: { type: 'array', items: ref('Finding') } },
  },
  ScanDiff: {
    type: 'object',
    required: ['scanId', 'againstId', 'counts', 'data'],
    properties: {
      scanId: str,
      againstId: { ...nullableStr, description: 'Null when the site has no earlier completed scan: everything broken is new' },
      counts: { type: 'object', properties: { new: int, fixed: int, still_broken: int } },
      data: {
        type: 'array',
        items: { type: 'object', properties: { url: str, change: { enum: ['new', 'fixed', 'still_broken'] }, firstSeenAt: str, previous: findingBrief, current: findingBrief } },
      },
    },
  },
  BlacklistRule: {
    type: 'object',
    required: ['id', 'siteId', 'kind', 'pattern', 'scope'],
    properties: {
      id: str,
      siteId: str,
      kind: { enum: ['exact', 'prefix', 'glob', 'regex'] },
      pattern: str,
      statusCodes: { type: ['array', 'null'], items: int },
      errorCodes: { type: ['array', 'null'], items: str },
      scope: { enum: ['internal', 'external', 'any'] },
      note: str,
      author: nullableStr,
      createdAt: str,
    },
  },
  // Monitoring (api-v2-monitoring.ts).
  ScheduleState: {
    type: 'object',
    required: ['schedule', 'since', 'lastRunAt', 'nextRunAt'],
    properties: {
      schedule: {
        type: 'object',
        required: ['kind'],
        description: 'kind off; daily {at, timezone}; weekly {day, at, timezone}; monthly {day, at, timezone}; cron {expression, timezone}',
        properties: { kind: { enum: ['off', 'daily', 'weekly', 'monthly', 'cron'] }, at: str, day: { type: ['string', 'integer'] }, timezone: str, expression: str },
      },
      since: { ...nullableStr, description: 'When the schedule was set; its first run is the first slot after it' },
      lastRunAt: nullableStr,
      nextRunAt: { ...nullableStr, description: 'Null when off' },
    },
  },
  AlertChannel: {
    type: 'object',
    required: ['id', 'kind', 'createdAt', 'target', 'minSeverity', 'includeFixed', 'everyScan'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      kind: { enum: ['email', 'webhook', 'slack'] },
      createdAt: str,
      target: { type: 'string', description: 'Where it delivers, secrets masked: the recipients, or the URL’s origin and first path segment' },
      to: { type: 'array', items: str, description: 'Email recipients (email channels)' },
      minSeverity: { enum: ['error', 'warning', 'notice'] },
      includeFixed: { type: 'boolean' },
      everyScan: { type: 'boolean' },
    },
  },
  Delivery: {
    type: 'object',
    required: ['channelId', 'kind', 'at', 'alertType', 'scanId', 'outcome', 'attempts', 'errorCode', 'detail'],
    properties: {
      channelId: str,
      kind: { enum: ['email', 'webhook', 'slack'] },
      at: str,
      alertType: { enum: ['problems', 'summary', 'test'] },
      scanId: str,
      outcome: { enum: ['delivered', 'failed'] },
      attempts: int,
      errorCode: { ...nullableStr, description: 'SMTP_NOT_CONFIGURED, SMTP_UNAVAILABLE, SMTP_REJECTED, WEBHOOK_HTTP_STATUS, WEBHOOK_UNREACHABLE, WEBHOOK_TIMEOUT, WEBHOOK_BLOCKED_ADDRESS, INVALID_CHANNEL' },
      detail: { ...nullableStr, description: 'Secret-free detail of the last failure (HTTP 503, SMTP 550, ECONNREFUSED)' },
    },
  },
};

const errorResponse = (description: string, headers?: Record<string, string>): Schema => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
  ...(headers === undefined ? {} : { headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, { description: text, schema: str }])) }),
});

export const ERROR_RESPONSES = {
  Unauthorized: errorResponse('Missing, invalid or revoked credentials', { 'WWW-Authenticate': 'Bearer realm="dislike404" (with error="invalid_token" for a bad token)' }),
  Forbidden: errorResponse('Signed in with a session cookie but the X-CSRF-Token header is missing or wrong'),
  NotFound: errorResponse('No such resource, or it belongs to another user'),
  Conflict: errorResponse('SITE_EXISTS: the site already exists; SCAN_ALREADY_RUNNING: a scan of the site is running; SCAN_NOT_RESUMABLE: only an interrupted scan can be resumed'),
  InvalidInput: errorResponse('A body field or query parameter is invalid; the message names it'),
  TooManyRequests: errorResponse('QUOTA_EXCEEDED: the site has used its on-demand scans for today (UTC); RATE_LIMITED: too many API requests from this address', { 'Retry-After': 'Seconds until the quota or the rate window resets' }),
} satisfies Record<string, Schema>;

export const SECURITY_SCHEMES: Record<string, Schema> = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token created on /account (d404_…)' },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'd404_session',
    description: 'The web app session; state-changing requests must also send the session CSRF token in X-CSRF-Token',
  },
};
