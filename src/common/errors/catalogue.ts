/**
 * The error catalogue: every domain error's code and wording is built here and nowhere else
 * (one table, as fastify's lib/errors.js). error-status.ts maps each code to its status.
 */
export * from './catalogue/request.errors';
export * from './catalogue/servers.errors';
export * from './catalogue/tools.errors';
export { PatchbayError } from './patchbay.error';
export type { PatchbayErrorCode } from './patchbay.error';
export * from './catalogue/upstream.errors';
export * from './catalogue/oauth.errors';
export * from './catalogue/features.errors';
