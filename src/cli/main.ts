import { Command, CommanderError } from 'commander';
import { cliSettings } from '../config/config.js';
import { AppError } from '../shared/errors.js';
import { commandModulesFor, type CommandModule } from './commands/index.js';

/** Builds the `roilens` program from the command modules a command line needs (`commandModulesFor`); each domain registers its commands from `cli/commands/<domain>.ts`. */
export function buildProgram(modules: readonly CommandModule[]): Command {
  const program = new Command('roilens')
    .description('roilens — self-hosted performance-marketing analytics')
    .option('--create', 'let a command create its database file when it does not exist (start and demo always may)')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', async (_program, action) => {
      if (action.optsWithGlobals().create) (await import('./store-access.js')).allowDatabaseCreation();
    });
  for (const mod of modules) mod.register(program);
  return program;
}

/** Reports an error on stderr and returns the exit code (2 for usage errors, 1 otherwise). */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof AppError) {
    process.stderr.write(`roilens: ${err.message}\n`);
    for (const issue of err.issues.slice(0, 50)) {
      if (!err.message.includes(issue.message)) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    }
    return 1;
  }
  const e = err as Error;
  process.stderr.write(`roilens: ${e?.message ?? String(err)}\n`);
  if (cliSettings().debug) process.stderr.write(`${e?.stack}\n`);
  return 1;
}

export async function main(argv: string[]): Promise<void> {
  // `roilens … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await buildProgram(await commandModulesFor(argv)).parseAsync(argv, { from: 'user' });
  } catch (err) {
    process.exitCode = reportError(err);
  }
}
