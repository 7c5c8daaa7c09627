/**
 * `roilens signin-link`: a fresh dashboard link for the server running on `--db`, for whoever lost
 * the one `roilens start` printed. It is the operation `session.mint_code` (its command, flags and
 * printing are declared there), run through the running server by the operation's own route: only
 * the server holds the codes, so in process it says no server is running. The link carries a
 * single-use code (15 minutes), never the admin token.
 */
import { operationCommands } from '../operation-commands.js';
import { sessionMintCodeOperation } from '../../operations/session/session.js';

export const { register } = operationCommands([sessionMintCodeOperation]);
