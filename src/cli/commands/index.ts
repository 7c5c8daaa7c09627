import type { Command } from 'commander';
import * as attribution from './attribution.js';
import * as experiment from './experiment.js';
import * as clv from './clv.js';
import * as budget from './budget.js';

export interface CommandModule {
  register(program: Command): void;
}

/** Every CLI command module, in help order. */
export const commandModules: CommandModule[] = [attribution, experiment, clv, budget];
