/** Relay errors carry a stable `code` (undici style) so logs and tests can match on it. */
export class RelayError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RelayError";
    this.code = code;
  }
}

export class ConfigLoadError extends RelayError {
  constructor(message: string, options?: ErrorOptions) {
    super("ERR_RELAY_CONFIG", message, options);
    this.name = "ConfigLoadError";
  }
}

export class NoBackendError extends RelayError {
  constructor(pool: string) {
    super("ERR_RELAY_NO_BACKEND", `no usable backend in pool "${pool}"`);
    this.name = "NoBackendError";
  }
}

export class ConnectTimeoutError extends RelayError {
  constructor(target: string, ms: number) {
    super("ERR_RELAY_CONNECT_TIMEOUT", `connect to ${target} timed out after ${ms} ms`);
    this.name = "ConnectTimeoutError";
  }
}

export class HealthCheckError extends RelayError {
  constructor(message: string) {
    super("ERR_RELAY_HEALTH_CHECK", message);
    this.name = "HealthCheckError";
  }
}

export class NoPoolError extends RelayError {
  constructor(pool: string | undefined) {
    super("ERR_RELAY_NO_POOL", `pool "${pool}" is gone`);
    this.name = "NoPoolError";
  }
}

export class SniNoMatchError extends RelayError {
  constructor(serverName: string | undefined) {
    super("ERR_RELAY_SNI_NO_MATCH", `no pool for server name ${serverName ?? "(none)"}`);
    this.name = "SniNoMatchError";
  }
}

/**
 * A failed libuv call on the relay's direct write path, shaped like Node's own system errors
 * (`code` is the errno name, e.g. EPIPE), so the session treats it exactly like a socket error.
 */
export class RelaySystemError extends Error implements NodeJS.ErrnoException {
  readonly errno: number;
  readonly code: string;
  readonly syscall: string;
  constructor(errno: number, code: string, syscall: string) {
    super(`${syscall} ${code}`);
    this.name = "RelaySystemError";
    this.errno = errno;
    this.code = code;
    this.syscall = syscall;
  }
}
