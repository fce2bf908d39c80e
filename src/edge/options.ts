import type { CompileOptions } from "./types.ts";

/**
 * How every reader compiles a document unless told otherwise: the worker's table cache, the admin
 * API's validate and PUT, the CLI. One object, so a document that passes validation compiles with
 * exactly the policy compiler the worker uses. (The policies work sets `policies` here.)
 */
export const EDGE_COMPILE_OPTIONS: CompileOptions = {};
