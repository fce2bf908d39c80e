/** SNI routing for TLS listeners: peek the ClientHello's server name without terminating TLS, then pick a pool. */
export { peekServerName, type PeekResult } from "./peek.ts";
export { compileServerNameRules, matchServerName, normalizeServerName, type ServerNameMatcher, type ServerNameRule } from "./match.ts";
export { scanClientHello, parseClientHelloBody, MAX_CLIENT_HELLO, type HelloScan } from "./client-hello.ts";
