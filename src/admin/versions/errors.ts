import { EdgeError } from "../../worker/errors.ts";

/** Errors of the version, rollout, explain and diff endpoints (`{ error: { code, message, requestId } }`). */

export class VersionNotFoundError extends EdgeError {
  constructor(id: string) {
    super("VERSION_NOT_FOUND", 404, `no stored version "${id}" (GET versions lists them; only the last N are kept)`);
  }
}

/** A request body that is not the JSON the endpoint expects; `path` names the field. */
export class AdminBadRequestError extends EdgeError {
  constructor(path: string, message: string) {
    super("ADMIN_BAD_REQUEST", 400, `${path}: ${message}`);
  }
}

export class RolloutConflictError extends EdgeError {
  constructor(message: string) {
    super("ROLLOUT_CONFLICT", 409, message);
  }
}

export class NoActiveVersionError extends EdgeError {
  constructor(key: string) {
    super("NO_ACTIVE_VERSION", 409, `no active document at KV key "${key}": PUT config first`);
  }
}
