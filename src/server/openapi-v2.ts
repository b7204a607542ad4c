import { z } from 'zod';
import { ERROR_RESPONSES, RESPONSE_SCHEMAS, SECURITY_SCHEMES } from './openapi-v2-components.js';
import { channelBody, scheduleBody } from './routes/api-v2-monitoring.js';
import { blacklistBody, createSiteBody, diffQuery, EXPORT_FORMATS, findingsQuery, historyQuery, updateSiteBody } from './routes/api-v2-schemas.js';

type Json = Record<string, unknown>;
type ErrorName = keyof typeof ERROR_RESPONSES;

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: 'Sites' | 'Scans' | 'Results' | 'Blacklist' | 'Monitoring' | 'Documentation';
  public?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  description: string;
  content?: Json;
  headers?: Record<string, string>;
  errors?: ErrorName[];
  /** Another success status with the same content (stop: 200 when the scan had already ended). */
  alsoOk?: { status: number; description: string };
}

const json = (schema: Json): Json => ({ 'application/json': { schema } });
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const listOf = (name: string, extra: Json = {}): Json => json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref(name) }, ...extra } });
const location = { Location: 'URL of the created resource' };

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/sites', summary: 'List your sites', tag: 'Sites', status: 200, description: 'Your sites', content: listOf('Site') },
  { method: 'post', path: '/sites', summary: 'Add a site', tag: 'Sites', body: createSiteBody, status: 201, description: 'The new site', content: json(ref('Site')), headers: location, errors: ['Conflict'] },
  { method: 'get', path: '/sites/{id}', summary: 'Get a site', tag: 'Sites', status: 200, description: 'The site', content: json(ref('Site')) },
  { method: 'patch', path: '/sites/{id}', summary: 'Change a site’s scan settings (keys not sent keep their value)', tag: 'Sites', body: updateSiteBody, status: 200, description: 'The updated site', content: json(ref('Site')) },
  { method: 'delete', path: '/sites/{id}', summary: 'Delete a site with its scans and rules', tag: 'Sites', status: 204, description: 'Deleted', errors: ['Conflict'] },
  {
    method: 'post', path: '/sites/{id}/scans', summary: 'Start a scan', tag: 'Scans', status: 202, description: 'The scan, now running',
    content: json(ref('Scan')), headers: location, errors: ['Conflict', 'TooManyRequests'],
  },
  { method: 'get', path: '/sites/{id}/scans', summary: 'Scan history, newest first', tag: 'Scans', query: historyQuery, status: 200, description: 'A page of scans', content: listOf('Scan', { limit: { type: 'integer' }, offset: { type: 'integer' } }) },
  { method: 'get', path: '/scans/{id}', summary: 'Scan status, counters, live progress and summary', tag: 'Scans', status: 200, description: 'The scan', content: json(ref('Scan')) },
  {
    method: 'post', path: '/scans/{id}/stop', summary: 'Stop a running scan (idempotent: 200 when it had already ended)', tag: 'Scans', status: 202, description: 'Stopping; the scan keeps what it found',
    content: json(ref('Scan')), alsoOk: { status: 200, description: 'The scan had already ended (or its process is gone): nothing to stop, here is its state' }, errors: ['Conflict'],
  },
  {
    method: 'post', path: '/scans/{id}/resume', summary: 'Resume a scan a server restart interrupted, from its last checkpoint', tag: 'Scans', status: 202, description: 'Running again; URLs already checked are not fetched again',
    content: json(ref('Scan')), headers: location, errors: ['Conflict'],
  },
  { method: 'get', path: '/scans/{id}/findings', summary: 'Findings, filtered, sorted and paginated on the server', tag: 'Results', query: findingsQuery, status: 200, description: 'A page of findings', content: json(ref('FindingsPage')) },
  { method: 'get', path: '/scans/{id}/diff', summary: 'New, fixed and still broken URLs compared with another scan of the site', tag: 'Results', query: diffQuery, status: 200, description: 'The diff', content: json(ref('ScanDiff')) },
  ...EXPORT_FORMATS.map((format): Operation => ({
    method: 'get', path: `/scans/{id}/export.${format}`, summary: `Download the report as ${format.toUpperCase()}`, tag: 'Results', status: 200, description: `The ${format.toUpperCase()} report, as an attachment`,
    content: { [format === 'csv' ? 'text/csv' : format === 'json' ? 'application/json' : 'text/html']: { schema: { type: format === 'json' ? 'object' : 'string' } } },
    headers: { 'Content-Disposition': 'attachment; filename="dislike404-<host>-<date>-<scan>.<ext>"' }, errors: ['Conflict'],
  })),
  { method: 'get', path: '/sites/{id}/blacklist', summary: 'List the site’s blacklist rules', tag: 'Blacklist', status: 200, description: 'The rules', content: listOf('BlacklistRule') },
  { method: 'post', path: '/sites/{id}/blacklist', summary: 'Add a blacklist rule (a broken regex is 422)', tag: 'Blacklist', body: blacklistBody, status: 201, description: 'The new rule', content: json(ref('BlacklistRule')), headers: location },
  { method: 'delete', path: '/sites/{id}/blacklist/{ruleId}', summary: 'Remove a blacklist rule', tag: 'Blacklist', status: 204, description: 'Removed' },
  { method: 'get', path: '/openapi.json', summary: 'This document', tag: 'Documentation', public: true, status: 200, description: 'OpenAPI 3.1', content: json({ type: 'object' }) },
  { method: 'get', path: '/docs', summary: 'Browsable list of the operations', tag: 'Documentation', public: true, status: 200, description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } },
];

/** Schedules, alert channels and their delivery history (routes in api-v2-monitoring.ts). */
const MONITORING_OPERATIONS: Operation[] = [
  { method: 'get', path: '/sites/{id}/schedule', summary: 'The site’s scan schedule and its next run', tag: 'Monitoring', status: 200, description: 'The schedule', content: json(ref('ScheduleState')) },
  { method: 'put', path: '/sites/{id}/schedule', summary: 'Set the scan schedule (a bad time, day, zone or cron expression is 422)', tag: 'Monitoring', body: scheduleBody, status: 200, description: 'The new schedule', content: json(ref('ScheduleState')) },
  { method: 'delete', path: '/sites/{id}/schedule', summary: 'Turn scheduled scans off', tag: 'Monitoring', status: 204, description: 'Off' },
  { method: 'get', path: '/sites/{id}/channels', summary: 'The site’s alert channels (secrets never shown)', tag: 'Monitoring', status: 200, description: 'The channels', content: listOf('AlertChannel') },
  { method: 'post', path: '/sites/{id}/channels', summary: 'Add an alert channel: email, signed webhook or Slack', tag: 'Monitoring', body: channelBody, status: 201, description: 'The new channel', content: json(ref('AlertChannel')), headers: location },
  { method: 'delete', path: '/sites/{id}/channels/{channelId}', summary: 'Remove an alert channel', tag: 'Monitoring', status: 204, description: 'Removed' },
  { method: 'post', path: '/sites/{id}/channels/{channelId}/test', summary: 'Send a test alert now; recorded in the delivery history', tag: 'Monitoring', status: 200, description: 'How the delivery went (delivered or failed, with a secret-free detail)', content: json(ref('Delivery')) },
  { method: 'get', path: '/sites/{id}/deliveries', summary: 'Recent alert deliveries, newest first', tag: 'Monitoring', status: 200, description: 'The delivery history', content: listOf('Delivery') },
];

/** The zod schema as JSON Schema of what a client sends (before transforms and defaults). */
function requestSchema(schema: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function queryParameters(schema: z.ZodObject): Json[] {
  const properties = (requestSchema(schema).properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).map(([name, { description, ...prop }]) => ({
    name,
    in: 'query',
    required: false,
    schema: prop,
    ...(typeof description === 'string' ? { description } : {}),
  }));
}

function operation(op: Operation): Json {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }));
  const parameters = [...pathParams, ...(op.query ? queryParameters(op.query) : [])];
  const errors = new Set<ErrorName>(op.errors ?? []);
  if (!op.public) errors.add('Unauthorized');
  if (!op.public && op.method !== 'get') errors.add('Forbidden');
  if (pathParams.length > 0) errors.add('NotFound');
  if (op.query || op.body) errors.add('InvalidInput');
  const statusOf: Record<ErrorName, string> = { Unauthorized: '401', Forbidden: '403', NotFound: '404', Conflict: '409', InvalidInput: '422', TooManyRequests: '429' };
  const responses: Json = {
    [String(op.status)]: {
      description: op.description,
      ...(op.content ? { content: op.content } : {}),
      ...(op.headers ? { headers: Object.fromEntries(Object.entries(op.headers).map(([name, text]) => [name, { description: text, schema: { type: 'string' } }])) } : {}),
    },
  };
  if (op.alsoOk) responses[String(op.alsoOk.status)] = { description: op.alsoOk.description, ...(op.content ? { content: op.content } : {}) };
  for (const name of errors) responses[statusOf[name]] = { $ref: `#/components/responses/${name}` };
  return {
    operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(requestSchema(op.body)) } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of /api/v2, built once: every route registered there appears here (a test checks). */
export function buildOpenApiV2(): Json {
  const paths: Record<string, Json> = {};
  for (const op of [...OPERATIONS, ...MONITORING_OPERATIONS]) paths[`/api/v2${op.path}`] = { ...paths[`/api/v2${op.path}`], [op.method]: operation(op) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'dislike404 API',
      version: '2.0.0',
      description: 'Sites, scans, results, blacklists, exports, schedules and alert channels of the signed-in user. Errors are JSON {"code", "message"}. Another user’s ids answer 404.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: [{ name: 'Sites' }, { name: 'Scans' }, { name: 'Results' }, { name: 'Blacklist' }, { name: 'Monitoring' }, { name: 'Documentation' }],
    paths,
    components: { schemas: RESPONSE_SCHEMAS, responses: ERROR_RESPONSES, securitySchemes: SECURITY_SCHEMES },
  };
}
