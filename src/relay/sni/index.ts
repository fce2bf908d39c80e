/** SNI routing for TLS listeners: peek the ClientHello's server name without terminating TLS, then pick a pool. */

export { type HelloScan, MAX_CLIENT_HELLO, parseClientHelloBody, scanClientHello } from "./client-hello.ts";
export {
  compileServerNameRules,
  matchServerName,
  normalizeServerName,
  type ServerNameMatcher,
  type ServerNameRule,
} from "./match.ts";
export { type PeekResult, peekServerName } from "./peek.ts";
