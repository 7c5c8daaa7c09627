import type { Command } from 'commander';
import { retentionApplyOperation } from '../../operations/settings/privacy.js';
import { workspaceSetOperation } from '../../operations/settings/workspace.js';
import { parseRetentionDays } from '../../privacy/retention.js';
import { invalid } from '../../shared/errors.js';
import { registerOperationCommand, runOnDatabase } from '../operation-commands.js';

/** `roilens retention set|apply`: the workspace's retention period for raw events (issue 12 #14). */
export function register(program: Command): void {
  const retention = program.command('retention').description("the workspace's retention period: raw events older than it are deleted");

  retention
    .command('set')
    .argument('<days>', 'whole days (1–36500), or "forever" to keep every event')
    .description('set the retention period (the running server applies it hourly)')
    .option('--db <file>', 'database file')
    .action(async (raw: string, opts) => {
      const days = raw === 'forever' ? null : /^\d+$/.test(raw) ? parseRetentionDays(Number(raw), '<days>') : (() => { throw invalid('<days>', 'must be a whole number of days or "forever"'); })();
      // The operation workspace.set with the retention period only.
      await runOnDatabase(opts.db, workspaceSetOperation, { retention_days: days });
      process.stdout.write(days === null ? 'events are kept forever\n' : `events older than ${days} days will be deleted\n`);
    });

  // `retention apply`: the operation retention.apply.
  registerOperationCommand(program, retentionApplyOperation);
}
