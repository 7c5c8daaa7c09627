/**
 * Typed errors with a code registry. Anything thrown that is not an AppError
 * is a bug: the server answers 500 and logs it, the CLI exits 1 with its message.
 */
export const errorCodes = {
  invalid_input: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  already_paid: 409,
  idempotency_key_reused: 409,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_click: 422,
  click_expired: 422,
  not_computable: 422,
  overloaded: 429,
  rate_limited: 429,
  headers_too_large: 431,
  cancelled: 499,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** What each code means, for the API's documents (the OpenAPI description, the README). */
export const errorMeanings: Record<ErrorCode, string> = {
  invalid_input: 'a parameter, field or flag is wrong; `issues` names each by its path',
  invalid_json: 'the body is not valid JSON',
  unauthorized: 'no credential, or an unknown or wrong one',
  forbidden: 'a credential without the scope, or a session-cookie write without this server\'s Origin',
  not_found: 'no such object, or no route for this method and path',
  request_timeout: 'the request (body included) did not arrive in full within 120 s',
  conflict: 'a taken name, key or slug',
  already_paid: 'a payout run through this date or a later one was already made for the programme (partners): run through a later date',
  idempotency_key_reused: 'this Idempotency-Key was used with another request body for this operation in the last 24 hours; use a new key',
  idempotency_in_progress: 'a request with this Idempotency-Key is still running; retry when it has answered',
  payload_too_large: 'the body is over the route\'s limit (events 1 MB, imports 64 MB, others 64 KB)',
  unsupported_media_type: 'the body\'s Content-Type is not one the route reads',
  unknown_click: 'a postback\'s click id was never seen in the workspace',
  click_expired: 'a postback\'s click is older than its source\'s window (30 days)',
  not_computable: 'a model cannot be fitted to this data (no convergent method at its parameters); the message names the model',
  overloaded: 'ingestion is behind (too many events waiting for the store, or a full queue); retry after Retry-After seconds',
  rate_limited: 'over a rate limit (per address, key or principal); retry after Retry-After seconds',
  headers_too_large: 'the request line and headers are over 16 KB (a URL that long is refused this way)',
  cancelled: 'the client went away before the answer and its query was stopped (seen in logs, never by the client)',
  internal: 'a bug: an invariant of roilens broke; the server logs it and answers without details',
  unavailable: 'not ready (the demo world is loading), or an analysis past its time budget or with every worker busy; retry after Retry-After seconds',
};

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

/**
 * An invalid-input error whose message already names the field in its own words (an engine's
 * `order must be 1, 2, 3 or 4, got 7`): the message is kept as written, the path names the argument.
 */
export function invalidArgument(path: string, message: string): AppError {
  return new AppError('invalid_input', message, [{ path, message }]);
}

/** A model without a convergent method on this data: 422 `not_computable` (the message names the model). */
export function notComputable(message: string): AppError {
  return new AppError('not_computable', message, [{ path: 'model', message }]);
}

/** A broken invariant (a bug, never the caller's input): 500 `internal`, logged, its message kept from clients. */
export function internalError(message: string): AppError {
  return new AppError('internal', message);
}
