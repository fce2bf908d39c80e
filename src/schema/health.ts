import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * Expected status of a health check: a code (200), a class ("2xx") or an inclusive range ("200-399").
 * Compiled into a matcher by src/health/expected-status.ts.
 */
export const StatusPatternSchema = z.union([
  z.number().int().min(100).max(599),
  z
    .string()
    .regex(/^([1-5]xx|[1-5]\d\d|[1-5]\d\d-[1-5]\d\d)$/, {
      error: 'must be a status code, a class like "2xx" or a range like "200-299"',
    })
    .refine((s) => !/^\d{3}-\d{3}$/.test(s) || Number(s.slice(0, 3)) <= Number(s.slice(4)), {
      error: "range start must not exceed its end",
    }),
]);

const FORBIDDEN_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "keep-alive",
]);

export const HealthCheckSchema = z
  .strictObject({
    path: z.string().startsWith("/", { error: "must start with /" }).max(2048).default("/"),
    method: z.enum(["GET", "HEAD"]).default("GET"),
    headers: z
      .record(
        z.string(),
        z
          .string()
          .max(8192)
          .regex(/^[^\r\n]*$/, { error: "must not contain line breaks" }),
      )
      .superRefine((headers, ctx) => {
        // Checked here rather than as a record key schema so the message names the problem.
        for (const name of Object.keys(headers)) {
          if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
            ctx.addIssue({ code: "custom", path: [name], message: "must be a valid HTTP header name" });
          else if (FORBIDDEN_HEADERS.has(name.toLowerCase()))
            ctx.addIssue({
              code: "custom",
              path: [name],
              message: "this header is set by the runtime and cannot be configured",
            });
        }
      })
      .default({}),
    expectedStatus: z.array(StatusPatternSchema).min(1).default(["2xx"]),
    expectedBody: z.string().min(1).max(1024).optional(),
    timeoutMs: z.number().int().min(100).max(30_000).default(5000),
    rise: z.number().int().min(1).max(10).default(2),
    fall: z.number().int().min(1).max(10).default(2),
  })
  .refine((h) => h.expectedBody === undefined || h.method === "GET", {
    error: "expectedBody needs method GET",
    path: ["expectedBody"],
  });

/* @__PURE__ */ describeFields(HealthCheckSchema, {
  path: "Path (and optional query) requested on each origin, appended to the origin URL's path.",
  expectedBody: "Substring that must occur in the first 64 KiB of the body (GET only).",
  rise: "Consecutive passing checks that bring a down origin back.",
  fall: "Consecutive failing checks that take an up origin down.",
});

export type HealthCheck = z.infer<typeof HealthCheckSchema>;
export type StatusPattern = z.infer<typeof StatusPatternSchema>;
