export * from './core/error-codes.js';
export type * from './core/types.js';
export type * from './core/report-types.js';
