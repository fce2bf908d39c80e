/**
 * Soak backends (a process of their own): echo servers on loopback. Reports its ports to the
 * parent over IPC, then answers {cmd:"stats"} with its open connection count.
 */
import net from "node:net";

const COUNT = Number(process.argv[2] ?? 2);
let open = 0;

function echoServer(): Promise<number> {
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    open++;
    s.on("error", () => {});
    s.on("close", () => open--);
    s.pipe(s); // ends its side after the client's FIN, once everything is echoed
  });
  server.maxConnections = 19_000;
  return new Promise((resolve) =>
    server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () =>
      resolve((server.address() as net.AddressInfo).port),
    ),
  );
}

const ports = await Promise.all(Array.from({ length: COUNT }, echoServer));
process.send!({ ports });
process.on("message", (m: { cmd: string }) => {
  if (m.cmd === "stats") process.send!({ open });
});
process.on("disconnect", () => process.exit(0));
