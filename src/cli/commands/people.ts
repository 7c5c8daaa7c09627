import type { Command } from 'commander';
import { personEraseOperation } from '../../operations/settings/privacy.js';
import { registerOperationCommand } from '../operation-commands.js';

/** `roilens people erase ID`: erases a person and everything stored about them (issue 12 #14; the operation people.erase). */
export function register(program: Command): void {
  program.command('people').description('people (devices and user ids) and their personal data');
  registerOperationCommand(program, personEraseOperation);
}
