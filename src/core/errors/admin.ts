import { EdgeError } from "./edge-error.ts";
import { ERRORS } from "./registry.ts";

/** One problem of a document: where (JSON path) and what (the same shape as the schema's ConfigIssue). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Errors of the admin API (`{ error: { code, message, requestId } }`, like every edge error). */

export class AdminUnauthorizedError extends EdgeError {
  constructor(message: string) {
    super(ERRORS.ADMIN_UNAUTHORIZED, message);
  }
}

export class AdminBadAuthorizationError extends EdgeError {
  constructor() {
    super(ERRORS.ADMIN_BAD_AUTHORIZATION, 'the Authorization header must be "Bearer <token>"');
  }
}

/** The operator set a weak ADMIN_TOKEN: the API stays closed rather than guarded by a guessable secret. */
export class AdminTokenTooShortError extends EdgeError {
  constructor(min: number) {
    super(ERRORS.ADMIN_TOKEN_TOO_SHORT, `the admin API is closed: ADMIN_TOKEN is shorter than ${min} characters`);
  }
}

/** ADMIN_TOKEN has characters a Bearer token (RFC 6750 token68) cannot carry: no request could ever match it. */
export class AdminTokenCharsetError extends EdgeError {
  constructor() {
    super(
      ERRORS.ADMIN_TOKEN_INVALID_CHARS,
      "the admin API is closed: ADMIN_TOKEN may only contain A-Z a-z 0-9 - . _ ~ + / (then optional trailing =); generate one with `openssl rand -base64 32`",
    );
  }
}

export class AdminNotFoundError extends EdgeError {
  constructor(method: string, path: string) {
    super(ERRORS.ADMIN_NOT_FOUND, `no admin endpoint ${method} ${path}`);
  }
}

export class AdminMethodNotAllowedError extends EdgeError {
  readonly allow: string;
  constructor(method: string, path: string, allow: string) {
    super(ERRORS.ADMIN_METHOD_NOT_ALLOWED, `${method} is not allowed on ${path} (allowed: ${allow})`);
    this.allow = allow;
  }
}

export class ConfigNotFoundError extends EdgeError {
  constructor(key: string) {
    super(ERRORS.CONFIG_NOT_FOUND, `no document in KV binding ROUTES at key "${key}"`);
  }
}

/** Carries the issues too: the body adds `issues: [{ path, message }]`. */
export class ConfigInvalidError extends EdgeError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(ERRORS.CONFIG_INVALID, `the document is invalid (${issues.length} issue(s))`);
    this.issues = issues;
  }
}

export class ConfigTooLargeError extends EdgeError {
  constructor(limit: number) {
    super(ERRORS.CONFIG_TOO_LARGE, `the document exceeds ${limit} bytes (the Workers KV value limit)`);
  }
}

export class ConfigPreconditionFailedError extends EdgeError {
  constructor(message: string) {
    super(ERRORS.CONFIG_PRECONDITION_FAILED, message);
  }
}

/** The worker ignores a changed document that keeps the loaded `version`, so the API refuses it. */
export class ConfigVersionUnchangedError extends EdgeError {
  constructor(version: string) {
    super(
      ERRORS.CONFIG_VERSION_UNCHANGED,
      `the stored document already has version "${version}" with different content; bump \`version\` to apply changes`,
    );
  }
}
