import net from "node:net";

/**
 * acceptProxy.trustedSources compiled once per config: the networks allowed to speak the PROXY
 * protocol to a listener (HAProxy: `tcp-request connection expect-proxy layer4 if { src ... }`).
 * Node's BlockList matches IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, as a dual-stack `::`
 * listener reports IPv4 clients) against IPv4 rules and vice versa.
 */
export function compileTrustedSources(cidrs: readonly string[] | undefined): net.BlockList | undefined {
  if (cidrs === undefined) return undefined;
  const list = new net.BlockList();
  for (const c of cidrs) {
    const [addr, bits] = c.split("/") as [string, string | undefined];
    const family = net.isIPv4(addr) ? "ipv4" : "ipv6";
    list.addSubnet(addr, bits === undefined ? (family === "ipv4" ? 32 : 128) : Number(bits), family);
  }
  return list;
}

/** True when the peer address is in the list; an unknown address (socket already gone) is not. */
export function isTrustedSource(list: net.BlockList, address: string | undefined): boolean {
  if (address === undefined) return false;
  return list.check(address, net.isIPv4(address) ? "ipv4" : "ipv6");
}
