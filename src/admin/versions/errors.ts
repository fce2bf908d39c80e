import { EdgeError, ERRORS } from "../../core/errors/index.ts";

/** Errors of the version, rollout, explain and diff endpoints (`{ error: { code, message, requestId } }`). */

export class VersionNotFoundError extends EdgeError {
  constructor(id: string) {
    super(ERRORS.VERSION_NOT_FOUND, `no stored version "${id}" (GET versions lists them; only the last N are kept)`);
  }
}

/** A request body that is not the JSON the endpoint expects; `path` names the field. */
export class AdminBadRequestError extends EdgeError {
  constructor(path: string, message: string) {
    super(ERRORS.ADMIN_BAD_REQUEST, `${path}: ${message}`);
  }
}

export class RolloutConflictError extends EdgeError {
  constructor(message: string) {
    super(ERRORS.ROLLOUT_CONFLICT, message);
  }
}

export class NoActiveVersionError extends EdgeError {
  constructor(key: string) {
    super(ERRORS.NO_ACTIVE_VERSION, `no active document at KV key "${key}": PUT config first`);
  }
}
