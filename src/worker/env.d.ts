// Bindings from wrangler.toml, visible to `cloudflare:workers` (env, exports) in the worker and its tests.
declare namespace Cloudflare {
  interface Env {
    ROUTES: KVNamespace;
    ROUTES_KEY: string;
    ROUTES_REFRESH_SECONDS: string;
    HEALTH_KEY?: string;
    AFFINITY_SECRET?: string;
  }
  interface GlobalProps {
    mainModule: typeof import("./index.ts");
  }
}
