/** What a PROXY protocol header says about the original connection. */
export interface ProxyAddressInfo {
  /** LOCAL: a connection the proxy made itself (health check); use the real socket endpoints. */
  command: "PROXY" | "LOCAL";
  family: "TCP4" | "TCP6" | "UDP4" | "UDP6" | "UNKNOWN";
  /** Empty string when the family is UNKNOWN or the command LOCAL. */
  sourceAddress: string;
  sourcePort: number;
  destAddress: string;
  destPort: number;
  /** v2 only: type-length-value extensions, in wire order. */
  tlvs?: { type: number; value: Buffer }[];
}

export interface ParsedProxyHeader {
  version: 1 | 2;
  info: ProxyAddressInfo;
  /** Bytes the header occupies at the start of the stream. */
  length: number;
}

/** The 12-byte v2 signature (spec 2.2). Contains a NUL, so never treat it as a C string. */
export const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
export const V1_PREFIX = Buffer.from("PROXY ", "latin1");
/** Longest legal v1 line including CRLF ("PROXY UNKNOWN" worst case, spec 2.1). */
export const V1_MAX_LENGTH = 107;
/** Our cap on a whole v2 header (16 + address block + TLVs). HAProxy bounds it by its buffer; real ones are < 1 KiB. */
export const V2_MAX_LENGTH = 4096;

/** TLV types from the spec (2.2) that we interpret; others pass through untouched. */
export const PP2_TYPE_ALPN = 0x01;
export const PP2_TYPE_AUTHORITY = 0x02;
export const PP2_TYPE_CRC32C = 0x03;
export const PP2_TYPE_NOOP = 0x04;
export const PP2_TYPE_UNIQUE_ID = 0x05;
export const PP2_TYPE_SSL = 0x20;
export const PP2_TYPE_NETNS = 0x30;
