import type { Command } from 'commander';

/** Registered by the domain's owner; see src/cli/commands/index.ts. */
export function register(_program: Command): void {}
