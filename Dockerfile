# The edge-router L4 relay as a container (docs/relay.md, "Running in production").
#   docker build -t edge-relay .
#   docker run --init -d --name edge-relay --stop-timeout 45 -p 6379:6379 \
#     -v "$PWD/edge.json:/etc/edge-relay/edge.json:ro" edge-relay
# The document's l4.admin must listen on 0.0.0.0:9901 (or set RELAY_ADMIN_PORT) for the
# healthcheck; listeners should use ports >= 1024 inside the container (map them with -p).

# Build: one bundled file, from the sources only (the relay has no runtime dependencies).
# The flags are those of scripts/build-relay.ts (npm run build).
FROM node:22-alpine AS build
WORKDIR /src
COPY src ./src
RUN npx --yes esbuild@0.28.2 src/relay/control/main.ts --bundle --platform=node --target=node20 \
      --format=esm --legal-comments=none --banner:js='#!/usr/bin/env node' --outfile=/out/edge-relay.mjs

FROM node:22-alpine
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=1 \
    RELAY_CONFIG=/etc/edge-relay/edge.json \
    RELAY_ADMIN_PORT=9901
COPY --from=build /out/edge-relay.mjs /app/edge-relay.mjs
# The image's unprivileged user (uid 1000); the relay writes nothing to disk.
USER node
# Exec form: node is the process that receives SIGTERM (docker stop) and drains for
# l4.drainTimeoutMs; keep --stop-timeout above it. SIGHUP (docker kill -s HUP) reloads the config.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/edge-relay.mjs"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.RELAY_ADMIN_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
