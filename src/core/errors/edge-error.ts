import type { ErrorSpec } from "./registry.ts";

/**
 * Base of every error the edge answers with: a stable `code` and the HTTP `status` it maps to,
 * both taken from the error registry (registry.ts). The answer's body is
 * `{ error: { code, message, requestId } }` (src/pipeline/errors).
 */
export class EdgeError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(spec: ErrorSpec, message: string, options?: { cause?: unknown });
  /** @deprecated register the code in src/core/errors/registry.ts and pass its spec. */
  constructor(code: string, status: number, message: string, options?: { cause?: unknown });
  constructor(
    specOrCode: ErrorSpec | string,
    statusOrMessage: number | string,
    messageOrOptions?: string | { cause?: unknown },
    options?: { cause?: unknown },
  ) {
    const legacy = typeof specOrCode === "string";
    super(
      legacy ? (messageOrOptions as string) : (statusOrMessage as string),
      legacy ? options : (messageOrOptions as { cause?: unknown } | undefined),
    );
    this.name = new.target.name;
    this.code = legacy ? specOrCode : specOrCode.code;
    this.status = legacy ? (statusOrMessage as number) : (specOrCode.status ?? 500);
  }
}
