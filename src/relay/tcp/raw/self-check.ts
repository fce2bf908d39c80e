import net from "node:net";
import { interceptAccepts } from "./accept.ts";
import type { RawTcpHandle } from "./binding.ts";
import { Side, type SideOwner } from "./pump.ts";

/**
 * The raw path's part of the start-up self-check (tcp/fast-path.ts): a loopback connection whose
 * accepted handle is taken before net.Server wraps it and echoes what it reads through the pump
 * (user-buffer reads, the read count in streamBaseState, handle writes), until the client's FIN.
 * Resolves to a problem or undefined.
 */
export async function rawLiveProblem(timeoutMs = 2000): Promise<string | undefined> {
  const server = net.createServer();
  // exclusive: not the round-robin socket other cluster workers' checks share (see fast-path.ts).
  await new Promise<void>((r) => server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, r));
  const sent = Buffer.from("edge-relay raw path self-check");
  let client: net.Socket | undefined;
  let echo: Side | undefined;
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve("the raw loopback echo did not come back"), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        resolve(`the raw echo failed: ${why}`);
      };
      const owner: SideOwner = {
        active: false,
        readEnded: (side) => side.close(false),
        completed: (_to, status) => status < 0 && fail(`write status ${status}`),
        failedAt: (_to, status, syscall) => fail(`${syscall} status ${status}`),
      };
      const hooked = interceptAccepts(server, (handle: RawTcpHandle) => {
        try {
          echo = new Side(owner, handle, true);
          echo.peer = echo; // what it reads is written back to itself
          echo.start();
        } catch (e) {
          fail((e as Error).message);
        }
        return true;
      });
      if (!hooked) return fail("the listening handle has no onconnection");
      client = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
      client.on("error", (e) => fail(e.message));
      let got = Buffer.alloc(0);
      client.on("data", (d: Buffer) => {
        got = Buffer.concat([got, d]);
        if (got.length < sent.length) return;
        clearTimeout(timer);
        resolve(got.equals(sent) ? undefined : "the raw echo came back changed");
      });
      client.write(sent);
    });
  } finally {
    client?.destroy();
    echo?.close(false);
    await new Promise((r) => server.close(r));
  }
}
