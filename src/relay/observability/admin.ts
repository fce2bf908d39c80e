import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "./log.ts";
import { renderPrometheus, type Sample } from "./metrics.ts";

export interface AdminHooks {
  samples(): Promise<Sample[]>;
  /** false while draining (SIGTERM), so a front load balancer stops sending. */
  healthy(): boolean;
}

/** The admin port: Prometheus `/metrics` and `/healthz`. Nothing else is served. */
export function startAdmin(
  address: string,
  port: number,
  hooks: AdminHooks,
  log: Logger,
): Promise<{ server: http.Server; address: AddressInfo }> {
  const server = http.createServer(async (req, res) => {
    const url = req.url?.split("?")[0];
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
      } else if (url === "/metrics") {
        const body = renderPrometheus(await hooks.samples());
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(body);
      } else if (url === "/healthz") {
        const ok = hooks.healthy();
        res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ok\n" : "draining\n");
      } else {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      }
    } catch (e) {
      log.error("admin_error", { error: (e as Error).message });
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      server.off("error", reject);
      server.on("error", (e) => log.error("admin_error", { error: e.message }));
      resolve({ server, address: server.address() as AddressInfo });
    });
  });
}
