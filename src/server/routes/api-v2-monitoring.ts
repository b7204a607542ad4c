import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';

/** Placeholder registered by buildApp; filled in by its owner. */
export function registerApiV2MonitoringRoutes(_app: FastifyInstance, _ctx: AppContext, _options: AppOptions): void {
  // Routes land here.
}
