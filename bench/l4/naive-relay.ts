/**
 * Reference point only (never judged): the naive Node relay, `client.pipe(upstream).pipe(client)`
 * in one process. Shows what Node itself costs per connection in l4.idle_conn_bytes.
 * Usage: node bench/l4/naive-relay.ts LISTEN_PORT BACKEND_PORT
 */
import { connect, createServer } from "node:net";

const [listenPort, backendPort] = process.argv.slice(2).map(Number);
const server = createServer((client) => {
  const upstream = connect({ host: "127.0.0.1", port: backendPort! });
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on("error", close);
  upstream.on("error", close);
  client.on("close", close);
  upstream.on("close", close);
});
server.listen({ host: "127.0.0.1", port: listenPort, backlog: 4096 });
process.on("SIGTERM", () => process.exit(0));
