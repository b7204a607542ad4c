import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { registerApiV2DocRoutes } from './api-v2-docs.js';
import { registerApiV2MonitoringRoutes } from './api-v2-monitoring.js';
import { registerApiV2ResultRoutes } from './api-v2-results.js';
import { registerApiV2ScanRoutes } from './api-v2-scans.js';
import { registerApiV2SiteRoutes } from './api-v2-sites.js';

/**
 * Our own REST API: Bearer token or session, every id scoped to the caller, errors as
 * `{"code", "message"}`. The OpenAPI document at /api/v2/openapi.json describes each route here.
 */
export function registerApiV2Routes(app: FastifyInstance, ctx: AppContext, options: AppOptions): void {
  registerApiV2SiteRoutes(app, ctx);
  registerApiV2ScanRoutes(app, ctx);
  registerApiV2ResultRoutes(app, ctx);
  registerApiV2MonitoringRoutes(app, ctx, options);
  registerApiV2DocRoutes(app, ctx);
}
