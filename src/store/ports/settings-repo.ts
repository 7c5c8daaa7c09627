import type { EventRecord, RateRecord } from '../../records/events.js';
import type { ChannelRule } from '../../records/channel-rule.js';
import { assertListed, type AllListed } from './port-methods.js';

/** Installation settings and a workspace's own settings: channel rules and currency rates. */
export interface SettingsRepo {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined>;
  /** Saves the rules and re-derives the channel of every stored event with `classify`. */
  setChannelRules(workspaceId: string, rules: ChannelRule[], classify: (e: Pick<EventRecord, 'utm' | 'referrer' | 'click_id' | 'properties' | 'url'>) => string): Promise<number>;
  upsertRates(workspaceId: string, rows: RateRecord[]): Promise<number>;
  listRates(workspaceId: string): Promise<RateRecord[]>;
}

export const settingsRepoMethods = ['getSetting', 'setSetting', 'getChannelRules', 'setChannelRules', 'upsertRates', 'listRates'] as const satisfies readonly (keyof SettingsRepo)[];
assertListed<AllListed<SettingsRepo, (typeof settingsRepoMethods)[number]>>(true);
