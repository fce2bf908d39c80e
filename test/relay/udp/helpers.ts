/** UDP test peers: echo backends that tag replies with their name, and clients that collect replies. */
import dgram from "node:dgram";

export interface UdpEcho {
  name: string;
  port: number;
  /** Distinct source address:port pairs seen (one per relay session). */
  peers: Set<string>;
  packets: number;
  close(): Promise<void>;
}

/** Replies `${name}|${payload}` to every datagram, `copies` times. */
export function udpEcho(name: string, copies = 1, host = "127.0.0.1"): Promise<UdpEcho> {
  const sock = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  const echo: UdpEcho = {
    name,
    port: 0,
    peers: new Set(),
    packets: 0,
    close: () => new Promise((r) => sock.close(() => r())),
  };
  sock.on("message", (msg, r) => {
    echo.packets++;
    echo.peers.add(`${r.address}:${r.port}`);
    for (let i = 0; i < copies; i++) sock.send(Buffer.concat([Buffer.from(`${name}|`), msg]), r.port, r.address);
  });
  return new Promise((resolve) =>
    sock.bind(0, host, () => {
      echo.port = sock.address().port;
      resolve(echo);
    }),
  );
}

export interface UdpClient {
  replies: string[];
  send(text: string): void;
  close(): Promise<void>;
}

export function udpClient(port: number, host = "127.0.0.1"): Promise<UdpClient> {
  const sock = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  const c: UdpClient = {
    replies: [],
    send: (text) => sock.send(text, port, host),
    close: () => new Promise((r) => sock.close(() => r())),
  };
  sock.on("message", (m) => c.replies.push(m.toString()));
  return new Promise((resolve) => sock.bind(0, host, () => resolve(c)));
}
