/**
 * The fast loopback origin for l7.throughput: keep-alive HTTP/1.1, a small fixed JSON body, no
 * per-request work beyond writing it. Usage: node bench/l7/origin-server.ts PORT
 */
import { createServer } from "node:http";

const body = Buffer.from(JSON.stringify({ ok: true, origin: "bench", pad: "x".repeat(64) }));
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen({ host: "127.0.0.1", port: Number(process.argv[2]), backlog: 1024 }, () => console.log("listening"));
process.on("SIGTERM", () => process.exit(0));
