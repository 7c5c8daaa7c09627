import type { Command } from 'commander';
import { personEraseOperation } from '../../operations/settings/privacy.js';
import { registerOperationCommand } from '../operation-commands.js';
import { peopleInviteOperation, peopleResetLinkOperation } from '../../operations/admin/people-invite.js';
import { peopleAddOperation, peopleListOperation, peopleRemoveOperation, peopleRoleOperation } from '../../operations/admin/people.js';

/**
 * `roilens people erase ID`: erases a tracked person and everything stored about them (issue 12 #14; the
 * operation people.erase); `people add|list|role|remove|invite|reset-link`: the people who sign in and their roles (issue 15).
 */
export function register(program: Command): void {
  program.command('people').description('people who sign in (add, list, role, remove) and tracked people\'s personal data (erase)');
  registerOperationCommand(program, personEraseOperation);
  for (const op of [peopleAddOperation, peopleListOperation, peopleRoleOperation, peopleRemoveOperation, peopleInviteOperation, peopleResetLinkOperation]) registerOperationCommand(program, op);
}
