/**
 * The shared conformance table: every case runs against the reference (linear) matcher and the
 * indexed matcher (test/router/matcher.test.ts). A case is a small document plus requests and
 * the route each must pick (null: no route).
 */
export interface Req {
  path: string;
  host?: string;
  method?: string;
  headers?: Record<string, string>;
  query?: string;
}
export interface Expect {
  req: Req;
  route: string | null;
  params?: Record<string, string>;
  apiVersion?: string;
  forwardPath?: string;
}
export interface Case {
  name: string;
  vhosts?: unknown[];
  routes?: unknown[];
  expect: Expect[];
}

import { CONDITION_CASES } from "./conformance-conditions.ts";
import { PATH_CASES } from "./conformance-paths.ts";

export const CASES: Case[] = [...PATH_CASES, ...CONDITION_CASES];
