import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { type DemoOrigin, startDemoOrigin } from "../../../scripts/lib/demo-origin.ts";

/**
 * Node-side servers for the in-workerd policy tests (workerd tests cannot listen):
 * - origin "guarded": the demo echo origin behind protected routes, with a request counter;
 * - a control server on loopback (`/ident` answers with Server and X-Powered-By headers): `PUT /jwks` stores the JWKS a test generated, `GET /jwks` serves
 *   it (the JWT policies' real JWKS endpoint) and counts fetches, `GET /count` reports how many
 *   requests "guarded" and the JWKS endpoint received.
 */
declare module "vitest" {
  interface ProvidedContext {
    policyOrigin: string;
    policyControl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const guarded: DemoOrigin = await startDemoOrigin("guarded");
  let jwks = '{"keys":[]}';
  let jwksFetches = 0;
  const control: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/jwks" && req.method === "PUT") {
        jwks = Buffer.concat(chunks).toString("utf8");
        res.writeHead(204).end();
      } else if (req.url === "/jwks") {
        jwksFetches++;
        res.writeHead(200, { "content-type": "application/json" }).end(jwks);
      } else if (req.url?.startsWith("/ident")) {
        // An origin that names its software, for the responseHeaders policy's removal.
        res.writeHead(200, { server: "demo-server/1.0", "x-powered-by": "Express", "content-type": "text/plain" });
        res.end("ident");
      } else if (req.url === "/count") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ origin: guarded.requests, jwksFetches }));
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  project.provide("policyOrigin", guarded.url);
  project.provide("policyControl", `http://127.0.0.1:${(control.address() as AddressInfo).port}`);
  return async () => {
    await guarded.close();
    await new Promise<void>((resolve) => {
      control.close(() => resolve());
      control.closeAllConnections();
    });
  };
}
