import type { Command } from 'commander';
import * as start from './start.js';
import * as demo from './demo.js';
import * as importCmd from './import.js';
import * as kpi from './kpi.js';
import * as channels from './channels.js';
import * as links from './links.js';
import * as attribution from './attribution.js';
import * as experiment from './experiment.js';
import * as clv from './clv.js';
import * as budget from './budget.js';
import * as customers from './customers.js';
import * as scale from './scale.js';
import * as events from './events.js';
import * as postbackSources from './postback-sources.js';
import * as people from './people.js';
import * as retention from './retention.js';
import * as signinLink from './signin-link.js';
import * as workspace from './workspace.js';

export interface CommandModule {
  register(program: Command): void;
}

/** Every CLI command module, in help order. */
export const commandModules: CommandModule[] = [start, signinLink, workspace, demo, importCmd, events, people, retention, kpi, channels, links, postbackSources, attribution, experiment, clv, customers, budget, scale];
