/** The error registry and every EdgeError class (see registry.ts for codes and statuses; meanings.ts, docs only, is not exported here). */
export * from "./admin.ts";
export * from "./edge.ts";
export { EdgeError } from "./edge-error.ts";
export { ERROR_NAMESPACES, ERRORS, type ErrorCode, type ErrorNamespace, type ErrorSpec } from "./registry.ts";
export * from "./shielding.ts";
