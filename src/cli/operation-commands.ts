/**
 * The commander side of operations: `roilens <command>` with a flag per input key, validated by the
 * same zod input (errors name the flag: `--lookback: must be <= 365`), run in process on the store of
 * `--db`, or through the running server (the operation's own route) when it holds the file.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { AnyOperation, CliSpec, CliTools } from '../operations/core/define.js';
import { flagOf, parseInput } from '../operations/core/schema.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/store.js';
import { callOperation, flagPath, runOperation, withOperations, type CallOptions } from './call-operation.js';
import { parseFormat, printResult, renderTable } from './output.js';
import { readJsonFile, readTextFile } from './read-input.js';

// The callers of operations, where the commands have always found them.
export { callOperation, flagPath, runOperation, withOperations };

/** What operations' CLI hooks may use. */
const tools: CliTools = { printResult, readJsonFile, readTextFile, renderTable };

/** `max_order_amount` → commander's option property `maxOrderAmount`. */
const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());


/**
 * An error the handler or the server raised about `body.currency`, `querystring.lookback` or a bare
 * input key, re-spelled with the flag (`--currency`), so the user learns which flag to fix.
 */
export function asFlagError(err: AppError, keys: readonly string[]): AppError {
  if (err.issues.length === 0) return err;
  const rename = (path: string) => {
    const m = /^(?:body\.|querystring\.|params\.)?([a-z_][a-z0-9_]*)((?:\.\w+)*)$/.exec(path);
    return m && keys.includes(m[1]) ? `${flagOf(m[1])}${m[2]}` : path;
  };
  const issues = err.issues.map((i) => ({ ...i, path: rename(i.path) }));
  if (issues.every((i, n) => i.path === err.issues[n].path)) return err;
  // A message in the "path: reason" form names the flag; one in its own words ("the slug "spring" is taken") stays.
  const message = err.message.startsWith(`${err.issues[0].path}: `) ? `${issues[0].path}: ${issues[0].message}` : err.message;
  return new AppError(err.code, message, issues, err.retryAfter);
}

/** Registers the CLI command of every operation that has one, under `program`. */
export function registerOperationCommands(program: Command, operations: readonly AnyOperation[]): void {
  for (const op of operations) if (!('none' in op.cli)) registerOperationCommand(program, op);
}

/** The (sub)command for `words` under `program`, made when missing (`workspace` then `show`). */
function commandAt(program: Command, words: string[]): Command {
  let parent = program;
  for (const word of words.slice(0, -1)) parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word);
  return parent.command(words[words.length - 1]);
}

export function registerOperationCommand(program: Command, op: AnyOperation): Command {
  const cli = op.cli as CliSpec<unknown, unknown>;
  const shape = (op.input as z.ZodObject).shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  const cmd = commandAt(program, cli.command.split(' ')).description(cli.description ?? op.summary);
  const args = cli.args ?? [];
  for (const key of args) cmd.argument(`<${key}>`, shape[key]?.description ?? cli.argDescriptions?.[key] ?? key.replace(/_/g, ' '));
  for (const key of keys) {
    if (cli.hidden?.includes(key) || args.includes(key)) continue;
    const spec = cli.flags?.[key] ?? {};
    const flags = spec.boolean ? flagOf(key) : `${flagOf(key)} ${spec.value ?? '<value>'}`;
    const description = spec.description ?? shape[key].description ?? key.replace(/_/g, ' ');
    if (spec.required) cmd.requiredOption(flags, description, spec.default);
    else cmd.option(flags, description, spec.default);
  }
  for (const [flags, description, fallback, required] of cli.options ?? []) {
    if (required) cmd.requiredOption(flags, description, fallback);
    else cmd.option(flags, description, fallback);
  }
  const formats = cli.formats ?? ['table', 'json', 'csv'];
  cmd.option('--format <format>', formats.join('|'), formats[0]);
  cmd.option('--db <file>', cli.offline ? 'database file (unused)' : 'database file');
  if (!cli.offline) cmd.option('--workspace <id>', 'the workspace to act in (default: default)');
  if (op.idempotent) cmd.option('--idempotency-key <key>', 'run at most once per key: the same key and input within 24 hours answers the first answer again (a retry after a lost answer moves no money twice)');
  cmd.action(async (...params: unknown[]) => {
    const opts = params[args.length] as Record<string, unknown>;
    const positional = Object.fromEntries(args.map((key, i) => [key, params[i]]));
    const given = Object.fromEntries(Object.entries(positional).filter(([key]) => key in shape));
    const format = parseFormat(opts.format as string | undefined, formats[0]);
    if (!formats.includes(format)) throw new AppError('invalid_input', `--format: must be ${formats.join(', ')}`, [{ path: '--format', message: `must be ${formats.join(', ')}` }]);
    const raw = { ...(cli.input ? cli.input({ ...opts, ...positional }, format, tools) : Object.fromEntries(keys.filter((k) => opts[camel(k)] !== undefined).map((k) => [k, opts[camel(k)]]))), ...given };
    // A list's --cursor and --limit, also beside an operation's own input hook.
    if (op.list) for (const k of ['cursor', 'limit']) if (opts[k] !== undefined) raw[k] = opts[k];
    const flagKeys = keys.filter((k) => !cli.hidden?.includes(k) && !args.includes(k));
    const input = parseInput(op.input, raw, flagPath);
    const answer = cli.offline ? await flagErrors(flagKeys, () => runOperation(op, offlineStore, 'offline', input)) : await runOnDatabase(opts.db as string | undefined, op, raw, flagKeys, { idempotencyKey: opts.idempotencyKey as string | undefined }, opts.workspace as string | undefined);
    if (cli.print) cli.print(answer, format, input, tools, { ...opts, ...positional });
    else printResult(answer, format);
    const next = op.list && format !== 'json' ? (answer as { next_cursor?: string | null }).next_cursor : null;
    if (next) process.stderr.write(`more: --cursor ${next}\n`);
  });
  return cmd;
}

/**
 * Runs `op` on the database of `--db` (`raw`: its input as the flags gave it): in process as the
 * owner of the file, or through the running server that holds it, by the operation's own route.
 * Input errors name the flags of `flagKeys` (`--weeks`), wherever they were found; `options`: an
 * Idempotency-Key for a write that moves money.
 */
export async function runOnDatabase(
  db: string | undefined,
  op: AnyOperation,
  raw: Record<string, unknown>,
  flagKeys: readonly string[] = Object.keys((op.input as z.ZodObject).shape),
  options: CallOptions = {},
  workspace?: string,
): Promise<unknown> {
  return flagErrors(flagKeys, () => {
    // Input errors before the database is opened.
    parseInput(op.input, raw, flagPath);
    return withOperations(db, (call) => call(op, raw, options), { workspace });
  });
}

async function flagErrors<T>(flagKeys: readonly string[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof AppError ? asFlagError(err, flagKeys) : err;
  }
}

/** The store of an offline operation: it declared it reads none, so any use is a bug. */
const offlineStore = new Proxy({} as Store, {
  get(_target, name) {
    throw new AppError('unavailable', `an offline command used the store (${String(name)}); it must run with a database`);
  },
});

/** A CLI command module made of operations: `group` (with its description) holds their commands. */
export function operationCommands(operations: readonly AnyOperation[], group?: { name: string; description: string }): { register(program: Command): void } {
  return {
    register(program: Command) {
      if (group) program.command(group.name).description(group.description);
      for (const op of operations) registerOperationCommand(program, op);
    },
  };
}
