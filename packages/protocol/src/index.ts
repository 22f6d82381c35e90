export { PROTOCOL_VERSION, LIMITS } from './limits.ts';
export * from './schema.ts';
export type * from './read-api.ts';
