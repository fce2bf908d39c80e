/**
 * Dedicated idle backend for l4.idle_conn_bytes: accepts TCP connections and holds them without
 * reading or writing. Prints `count N` whenever the number of open connections changes.
 * Usage: node bench/l4/idle-backend.ts PORT
 */
import { createServer, type Socket } from "node:net";

const port = Number(process.argv[2]);
let open = 0;
let reported = -1;
const sockets = new Set<Socket>();

const server = createServer((s) => {
  open++;
  sockets.add(s);
  s.on("error", () => {});
  s.on("close", () => {
    open--;
    sockets.delete(s);
  });
});
server.maxConnections = 19_000;
server.listen({ host: "127.0.0.1", port, backlog: 4096 }, () => console.log("listening"));
setInterval(() => {
  if (open !== reported) {
    reported = open;
    console.log(`count ${open}`);
  }
}, 50);
process.on("SIGTERM", () => {
  for (const s of sockets) s.destroy();
  process.exit(0);
});
