/**
 * Every error the server answers comes from the code registry (`shared/errors.ts`): this module
 * turns whatever a route, a hook, Fastify or Node's HTTP parser raised into a registry error.
 * An AppError is answered as it is; Fastify's own errors (schema validation, a body too large, an
 * unsupported content type, bad JSON, a bad Content-Length) get their registry code; anything
 * else is a bug, answered 500 `internal` without its message or stack (those go to the log).
 */
import type { Socket } from 'node:net';
import { AppError, type ErrorCode, type FieldIssue } from '../shared/errors.js';

/** What Fastify hands the error handler: any thrown value, often an Error with Fastify's fields. */
interface RaisedError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: { instancePath: string; message?: string; params?: unknown }[];
  validationContext?: string;
}

/** The message a client sees for a 500: the details stay in the server's log. */
export const internalMessage = 'internal error; see the server log';

/** The registry error for anything thrown while answering a request (`bodyLimit`: the route's, for the 413 message). */
export function registryErrorOf(err: unknown, bodyLimit: number): AppError {
  if (err instanceof AppError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as RaisedError;
  if (e.validation) {
    const issues: FieldIssue[] = e.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      return { path: `${e.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')}${missing ? `.${missing}` : ''}`, message: v.message ?? 'is invalid' };
    });
    return new AppError('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const message = `the body is larger than this route's limit of ${limitText(bodyLimit)} (events 1 MB, imports 64 MB, others 64 KB)`;
      return new AppError('payload_too_large', `body: ${message}`, [{ path: 'body', message }]);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', `content-type: ${e.message}`, [{ path: 'content-type', message: e.message ?? 'not supported' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', `the body is not valid JSON: ${e.message}`);
  }
  // Fastify's JSON parser marks its SyntaxError 400; one thrown by a route's own code is a bug.
  if (err instanceof SyntaxError && e.statusCode === 400) return new AppError('invalid_json', `the body is not valid JSON: ${err.message}`);
  // Fastify's other 4xx (a bad Content-Length, …) and its plugins' (a static file refused).
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(registryCodeOf(e.statusCode), e.message ?? 'bad request');
  }
  return new AppError('internal', internalMessage);
}

/** The registry code for a 4xx Fastify raises itself (anything without its own code is a bad input). */
export function registryCodeOf(status: number): ErrorCode {
  const byStatus: Partial<Record<number, ErrorCode>> = {
    401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 408: 'request_timeout', 409: 'conflict',
    413: 'payload_too_large', 415: 'unsupported_media_type', 431: 'headers_too_large',
  };
  return byStatus[status] ?? 'invalid_input';
}

/**
 * Fastify's `clientErrorHandler`: errors Node's HTTP parser raises before there is a request (a
 * request line and headers over 16 KB, a client too slow to send its request, bytes that are not
 * HTTP). They are answered on the raw socket, in the registry's format, and the socket is closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new AppError('request_timeout', 'the request was not received in full within the time allowed')
    : err.code === 'HPE_HEADER_OVERFLOW' ? new AppError('headers_too_large', 'the request line and headers are larger than 16 KB (a URL that long is refused too)', [{ path: '(url)', message: 'the request line and headers are larger than 16 KB' }])
    : new AppError('invalid_input', `the request is not valid HTTP (${err.code ?? 'parse error'})`, [{ path: '(request)', message: 'not valid HTTP' }]);
  if (socket.writable) {
    const body = JSON.stringify(error.toJSON());
    socket.write(`HTTP/1.1 ${error.status} ${statusText[error.status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

const statusText: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function limitText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/** The JSON Schema of an error answer (`{"error", "message", "issues"?}`), for the OpenAPI document of hand-written routes. */
export function errorAnswerSchema(description: string): Record<string, unknown> {
  return {
    description,
    type: 'object',
    properties: {
      error: { type: 'string', description: 'a code of the registry (see the document\'s description)' },
      message: { type: 'string' },
      issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
    },
    required: ['error', 'message'],
  };
}
