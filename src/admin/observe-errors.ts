import { EdgeError, ERRORS } from "../core/errors/index.ts";

/** A relay's `POST /relays/report` body is not `{ id, version, health }` as documented. */
export class RelayReportInvalidError extends EdgeError {
  constructor(message: string) {
    super(ERRORS.RELAY_REPORT_INVALID, `relay report: ${message}`);
  }
}

/** `PUT /config?wait=relays` with a `waitSeconds` outside 1..30. */
export class RelayWaitInvalidError extends EdgeError {
  constructor(value: string) {
    super(ERRORS.RELAY_WAIT_INVALID, `query waitSeconds must be an integer from 1 to 30 (got "${value}")`);
  }
}
