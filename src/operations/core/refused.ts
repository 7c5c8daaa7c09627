/**
 * A request refused as a whole that still has an answer to give: a batch or a file with nothing valid
 * (every line or event listed with its reason). Over HTTP it is the registry's 400 `invalid_input`
 * with the answer's fields beside `error` and `message`; the CLI prints the answer as any other (the
 * command then says what was rejected and exits non-zero as it does for partial imports).
 *
 * @example
 *   throw new Refused('no valid event; events.0.ts: is required', { accepted: 0, rejected })
 *   // HTTP 400 {"error":"invalid_input","message":"no valid event; …","accepted":0,"rejected":[…]}
 */
import { AppError } from '../../shared/errors.js';

export class Refused extends AppError {
  constructor(
    message: string,
    /** The answer's fields sent beside the error (a subset of the operation's output). */
    readonly answer: Record<string, unknown>,
  ) {
    super('invalid_input', message);
  }

  override toJSON() {
    return { error: this.code, message: this.message, ...this.answer };
  }
}
