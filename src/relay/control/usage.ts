/** `edge-relay --help`: everything needed to start the relay without reading the docs first. */
export const USAGE = `edge-relay: the L4 (TCP/UDP) relay of edge-router

Usage:
  edge-relay --config <file | http(s) URL> [options]

The config is the edge-router document (JSON); the relay reads its "l4" section (listeners,
pools, health checks, PROXY protocol, SNI routing, admin port, workers, drainTimeoutMs, fastPath).
Check a file first with \`npm run validate -- <file>\` (or the edge-router CLI). Reference:
docs/relay.md.

Options:
  -c, --config <file|url>   The document. A file is re-read when it changes and on SIGHUP; a URL
                            (e.g. the worker's admin API, https://edge.example/_edge/config) is
                            polled with ETag. Env: RELAY_CONFIG.
      --config-token <tok>  Bearer token for a URL config. Prefer env RELAY_CONFIG_TOKEN (not
                            visible in ps).
      --poll-ms <ms>        How often to check the config for changes (default 5000, min 100).
  -h, --help                This text.

Environment:
  RELAY_CONFIG                    Same as --config.
  RELAY_CONFIG_TOKEN              Same as --config-token.
  RELAY_CF_ACCESS_CLIENT_ID       Cloudflare Access service token for a URL config behind
  RELAY_CF_ACCESS_CLIENT_SECRET   Access (both needed).
  RELAY_FAST_PATH=off             Relay TCP bytes through the public socket API only (the fast
                                  path uses Node internals; it is self-checked at start-up and
                                  falls back by itself when they are not as expected).
  NODE_OPTIONS=--max-semi-space-size=1
                                  Recommended: less memory per idle connection.

Signals:
  SIGHUP           Reload the config (a bad one is refused; the last good one keeps running).
  SIGTERM, SIGINT  Stop accepting, let open connections finish for l4.drainTimeoutMs, exit 0.

Logs: JSON lines (info on stdout, warnings and errors on stderr).
Admin (l4.admin): GET /metrics (Prometheus), GET /healthz (200 ok, 503 while draining).
Exit codes: 0 stopped, 1 could not start (config, bind), 2 bad usage.
`;
