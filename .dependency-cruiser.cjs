/**
 * The layering of src/, checked by `npm test` (npm run deps). Lower layers never import higher ones:
 *
 *   core                      error registry, logger, env helpers — imports nothing else in src
 *   schema                    the document: parse + validate (imports core)
 *   router, lb, health        matcher, balancers, health records (import schema, core)
 *   observe                   per-request record, access log, stats, health events (imports schema, core)
 *   policies                  one folder per edge policy (Hono middleware factories)
 *   edge                      compileEdge: one table version compiled once (imports all of the above)
 *   pipeline/<stage>          the request path; a stage imports only LATER stages, the layers
 *                             above and pipeline/*.ts (the request context): ingress → match →
 *                             policy → action → upstream → errors
 *   explain, diff             a request's route and a change's effect, offline (admin API and CLI)
 *   admin, worker, cli        composition: the admin API, the Hono app / bare handler, the CLI
 *   relay                     the L4 relay (Node): may use core, schema, lb, health
 *
 * Also: no cycles, no `node:` built-in outside src/relay and src/cli (the worker runs on workerd),
 * and docs-only text (error meanings) imported by nothing but its docs generator.
 */
const STAGES = ["ingress", "match", "policy", "action", "upstream", "errors"];
const notIn = (...dirs) => `^src/(?!(${dirs.join("|")})/)`;

/** Each folder may import only what it lists (plus itself). */
const ALLOWED = {
  core: [],
  schema: ["core"],
  router: ["core", "schema"],
  lb: ["core"],
  health: ["core", "schema", "lb"],
  // src/observe: what the access log, stats and events say; filled by the pipeline, read by admin.
  observe: ["core", "schema"],
  // src/policies (Hono middleware per edge policy) is compiled into each route's chain by edge.
  policies: ["core", "schema", "router", "lb", "health"],
  edge: ["core", "schema", "router", "lb", "health", "observe", "policies"],
  // src/explain and src/diff: what a request would do, what a change does (admin API and CLI).
  explain: ["core", "schema", "router", "lb", "edge", "pipeline"],
  diff: ["core", "schema"],
  admin: ["core", "schema", "router", "lb", "health", "observe", "policies", "edge", "pipeline", "explain", "diff"],
  relay: ["core", "schema", "lb", "health"],
};

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "A cycle makes two modules (or folders) one: break it by moving the shared part down. " +
        "(src/relay has two module cycles inside one folder; its regroup removes them and drops this exception.)",
      from: { path: "^src/", pathNot: "^src/relay/" },
      to: { circular: true },
    },
    ...Object.entries(ALLOWED).map(([dir, allowed]) => ({
      name: `layer-${dir}`,
      severity: "error",
      comment: `src/${dir} may import only ${allowed.length ? allowed.join(", ") : "nothing else in src"}.`,
      from: { path: `^src/${dir}/` },
      to: { path: notIn(dir, ...allowed), pathNot: "\\.d\\.ts$" },
    })),
    {
      name: "layer-pipeline",
      severity: "error",
      comment: "The request path never imports composition (worker, admin, cli) or the relay.",
      from: { path: "^src/pipeline/" },
      to: { path: "^src/(worker|admin|cli|relay)/" },
    },
    ...STAGES.slice(1).map((stage, i) => ({
      name: `stage-${stage}-no-earlier`,
      severity: "error",
      comment: `Stages import only later stages: ${stage} must not import ${STAGES.slice(0, i + 1).join(", ")}.`,
      from: { path: `^src/pipeline/${stage}/` },
      to: { path: `^src/pipeline/(${STAGES.slice(0, i + 1).join("|")})/` },
    })),
    {
      name: "worker-not-cli-or-relay",
      severity: "error",
      from: { path: "^src/worker/" },
      to: { path: "^src/(cli|relay)/" },
    },
    {
      name: "docs-only-text",
      severity: "error",
      comment:
        "Text only the generated docs read stays out of the worker bundle: the error meanings are imported by the docs generator alone.",
      from: { path: "^src/", pathNot: "^src/core/errors/docs\\.ts$" },
      to: { path: "^src/core/errors/meanings\\.ts$" },
    },
    {
      name: "no-node-builtins-in-worker-code",
      severity: "error",
      comment: "Worker-side code runs on workerd: Web standards only (node: modules only in src/relay and src/cli).",
      from: { path: "^src/", pathNot: "^src/(relay|cli)/" },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.d\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
