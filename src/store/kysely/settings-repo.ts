import type { Kysely } from 'kysely';
import type { ChannelRule } from '../../records/channel-rule.js';
import { channelRulesRecord } from '../../records/metadata-schemas.js';
import type { MetadataTables } from './metadata-tables.js';
import { jsonColumn, jsonText, recordOf } from './metadata-rows.js';

/**
 * Installation settings and a workspace's channel rules, one set of queries for DuckDB and
 * PostgreSQL. Re-deriving the stored events' channels (`setChannelRules`) and currency rates
 * belong to each engine's event store.
 */
export class KyselySettings {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? undefined;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.insertInto('settings').values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }

  /** The workspace's own rules; undefined when it has none (the built-in rules apply) or does not exist. */
  async getChannelRules(workspaceId: string): Promise<ChannelRule[] | undefined> {
    const row = await this.db.selectFrom('workspaces').select(jsonColumn('channel_rules')).where('id', '=', workspaceId).executeTakeFirst();
    if (!row || row.channel_rules === null) return undefined;
    const where = `workspaces id=${workspaceId}`;
    return recordOf(channelRulesRecord, jsonText(row.channel_rules, where, 'channel_rules'), `${where} channel_rules`);
  }

  async saveChannelRules(workspaceId: string, rules: ChannelRule[]): Promise<void> {
    await this.db.updateTable('workspaces').set({ channel_rules: JSON.stringify(rules) }).where('id', '=', workspaceId).execute();
  }
}
