import type { PolicyStep } from "./policies.ts";
/** The answer of `explain` (CLI, admin API and the live debug header share it). */

export interface ExplainInput {
  method: string;
  /** Absolute URL: `https://shop.example/api/users?x=1`. */
  url: string;
  headers?: Record<string, string>;
  /** Client IP as the edge would see it (CF-Connecting-IP). */
  ip?: string;
  /** Two-letter country (CF-IPCountry). */
  country?: string;
}

/** Why a route earlier in match order did not take the request: its first failing condition. */
export interface FailedCondition {
  /** method, path, hosts, header, query, cookie or apiVersion. */
  condition: string;
  /** JSON path of that condition in the document. */
  path: string;
  /** The condition as written. */
  expected: unknown;
  /** What the request carried (null: absent). */
  actual: string | null;
}

export interface Candidate {
  route: string;
  /** JSON path of the route in the document. */
  path: string;
  priority: number;
  matched: boolean;
  failed?: FailedCondition;
}

export interface PoolStep {
  pool: string;
  path: string;
  balance: string;
  origins: Array<{ name: string; url: string; weight: number }>;
  /** The origin, when decidable offline (all origins assumed healthy): see origin-choice.ts. */
  choice: { origin: string | null; decided: boolean; why: string };
  note: string;
}

export interface Explanation {
  request: { method: string; host: string; path: string; query: string };
  /** The request is refused before matching (e.g. BAD_PATH): code and message. */
  error?: { code: string; message: string };
  virtualHost: { name: string; path: string; domain: string } | null;
  candidates: Candidate[];
  route: { name: string; path: string; apiVersion: string | null; params: Record<string, string> } | null;
  action: { type: string; [k: string]: unknown } | null;
  /** Policies named by the route or virtual host, with their outcome when it is decidable offline. */
  policies: PolicyStep[];
  pools: PoolStep[];
  /** What the origin would receive (forward only). */
  originRequest: { method: string; url: string; path: string; headers: Record<string, string> } | null;
  /** Set when the explanation's own scan disagrees with the compiled matcher (a bug to report). */
  warning?: string;
}
