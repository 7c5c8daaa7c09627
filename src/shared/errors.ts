/**
 * Typed errors with a code registry. Anything thrown that is not an AppError
 * is a bug: the server answers 500 and logs it, the CLI exits 1 with its message.
 */
export const errorCodes = {
  invalid_input: 400,
  invalid_json: 400,
  payload_too_large: 413,
  /** The body's Content-Type is not one the route reads. */
  unsupported_media_type: 415,
  unauthorized: 401,
  /** A credential of this workspace without the scope, or a session-cookie write without this server's Origin. */
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A postback's click id was never seen in the workspace (issue 12 #1). */
  unknown_click: 422,
  /** A postback's click is older than its source's window (30 days). */
  click_expired: 422,
  /** An analysis cannot be computed on this data (a model without a convergent method at its fitted parameters); the message names the model. */
  not_computable: 422,
  /** Ingestion is behind (too many events waiting for the store, or a full queue): retry after `Retry-After` seconds. */
  overloaded: 429,
  /** A client went over a rate limit (per address, key or principal): retry after `Retry-After` seconds. */
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldIssue {
  /** Where the problem is: a JSON path (`events.3.revenue.currency`), a CSV `line 7: amount`, or a CLI `--flag`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Seconds a client should wait before retrying (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code];
  }

  toJSON() {
    return { error: this.code, message: this.message, ...(this.issues.length ? { issues: this.issues } : {}) };
  }
}

/** An invalid-input error naming one field. */
export function invalid(path: string, message: string): AppError {
  return new AppError('invalid_input', `${path}: ${message}`, [{ path, message }]);
}
