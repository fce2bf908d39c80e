/** compileEdge: a table version compiled once (see types.ts); loadDocument: text → Edge, the one validity path. */
export { compileEdge } from "./compile.ts";
export { type LoadResult, loadDocument } from "./load.ts";
export { EDGE_COMPILE_OPTIONS } from "./options.ts";
export { EdgeRoute } from "./route.ts";
export type { CompileOptions, Edge, PolicyCompiler } from "./types.ts";
