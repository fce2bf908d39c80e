// The bindings in wrangler.toml are typed by `npm run types` (worker-configuration.d.ts, generated).
// These are the optional ones it cannot see: secrets (`wrangler secret put`, .dev.vars locally; listed
// in .dev.vars.example) and vars with a default in code. Declaration merging adds them to the same Env.
declare namespace Cloudflare {
  interface Env {
    /** Secret: enables the admin API (at least 16 characters); unset = no admin API. */
    ADMIN_TOKEN?: string;
    /** Secret: signs affinity cookies; unset = a per-isolate random key (cookies do not survive isolates). */
    AFFINITY_SECRET?: string;
    /** KV key of the health view written by the cron (default in src/health). */
    HEALTH_KEY?: string;
    /** "1" trusts the x-edge-country header for the client country (local runs only; never in production). */
    EDGE_TRUST_COUNTRY_HEADER?: string;
  }
}
