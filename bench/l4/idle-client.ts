/**
 * Opens COUNT TCP connections to PORT (at most 256 connects in flight) and holds them idle.
 * Prints `connected N` as they come up and `failed N` for errors. Exits on SIGTERM.
 * Usage: node bench/l4/idle-client.ts PORT COUNT
 */
import { connect, type Socket } from "node:net";

const port = Number(process.argv[2]);
const count = Number(process.argv[3]);
const sockets: Socket[] = [];
let connected = 0;
let failed = 0;
let started = 0;
let inFlight = 0;

function next(): void {
  while (inFlight < 256 && started < count) {
    started++;
    inFlight++;
    const s = connect({ host: "127.0.0.1", port });
    let settled = false;
    s.once("connect", () => {
      settled = true;
      inFlight--;
      connected++;
      next();
    });
    s.on("error", () => {
      if (!settled) {
        settled = true;
        inFlight--;
        failed++;
        next();
      }
    });
    sockets.push(s);
  }
}

next();
let last = "";
setInterval(() => {
  const line = `connected ${connected} failed ${failed}`;
  if (line !== last) console.log((last = line));
}, 50);
process.on("SIGTERM", () => {
  for (const s of sockets) s.destroy();
  process.exit(0);
});
