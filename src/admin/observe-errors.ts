import { EdgeError } from "../worker/errors.ts";

/** A relay's `POST /relays/report` body is not `{ id, version, health }` as documented. */
export class RelayReportInvalidError extends EdgeError {
  constructor(message: string) {
    super("RELAY_REPORT_INVALID", 400, `relay report: ${message}`);
  }
}

/** `PUT /config?wait=relays` with a `waitSeconds` outside 1..30. */
export class RelayWaitInvalidError extends EdgeError {
  constructor(value: string) {
    super("RELAY_WAIT_INVALID", 400, `query waitSeconds must be an integer from 1 to 30 (got "${value}")`);
  }
}
