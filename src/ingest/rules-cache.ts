import type { SettingsRepo } from '../store/ports/settings-repo.js';
import { defaultChannelRules } from '../tracking/channel-rules.js';
import { type ChannelRule } from '../records/channel-rule.js';

/** The channel rules of each workspace, read from the store once and kept until they change. */
export class ChannelRulesCache {
  private readonly rules = new Map<string, ChannelRule[]>();

  constructor(private readonly store: Pick<SettingsRepo, 'getChannelRules'>) {}

  async get(workspaceId: string): Promise<ChannelRule[]> {
    let rules = this.rules.get(workspaceId);
    if (!rules) {
      rules = (await this.store.getChannelRules(workspaceId)) ?? defaultChannelRules;
      this.rules.set(workspaceId, rules);
    }
    return rules;
  }

  forget(workspaceId: string): void {
    this.rules.delete(workspaceId);
  }
}
