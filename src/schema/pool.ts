import { z } from "zod";

/** An L7 origin: where the worker may send requests. Only URLs written here are ever fetched. */
export const OriginSchema = z.strictObject({
  name: z.string().min(1).describe("Stable id of the origin within its pool (used in logs, affinity and health)."),
  url: z
    .url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" })
    .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), "must not carry credentials")
    .describe("Base URL; the request path is appended to its path."),
  weight: z.number().min(0).default(1).describe("Relative share of traffic; 0 takes none unless all others are down."),
});

export const PoolSchema = z.strictObject({
  origins: z.array(OriginSchema).min(1, "a pool needs at least one origin"),
});

export type Origin = z.infer<typeof OriginSchema>;
export type Pool = z.infer<typeof PoolSchema>;
