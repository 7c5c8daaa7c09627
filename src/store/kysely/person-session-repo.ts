import type { Kysely } from 'kysely';
import type { PersonCode, PersonCodePurpose, PersonSession } from '../../records/people.js';
import type { PersonSessionRepo } from '../ports/person-repo.js';
import type { MetadataTables } from './metadata-tables.js';
import { instant, isoOf, timestamp } from './metadata-rows.js';

/** People's sessions and one-time codes (see `PersonSessionRepo`), one set of queries for DuckDB and PostgreSQL. */
export class KyselyPersonSessionRepo implements PersonSessionRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async createPersonSession(hash: string, personId: string, at: string): Promise<void> {
    await this.db.insertInto('person_sessions').values({ hash, person_id: personId, created_at: timestamp(at), last_seen_at: timestamp(at) }).execute();
  }

  async findPersonSession(hash: string): Promise<PersonSession | undefined> {
    const row = await this.db.selectFrom('person_sessions').select(['person_id', 'created_at', 'last_seen_at', 'revoked_at']).where('hash', '=', hash).executeTakeFirst();
    return row && { person_id: row.person_id, created_at: isoOf(row.created_at) ?? '', last_seen_at: isoOf(row.last_seen_at) ?? '', revoked_at: isoOf(row.revoked_at) ?? null };
  }

  async touchPersonSession(hash: string, at: string): Promise<void> {
    await this.db.updateTable('person_sessions').set({ last_seen_at: timestamp(at) }).where('hash', '=', hash).where('last_seen_at', '<', instant(at)).execute();
  }

  async revokePersonSessions(personId: string, at: string, hash?: string): Promise<number> {
    let update = this.db.updateTable('person_sessions').set({ revoked_at: timestamp(at) }).where('person_id', '=', personId).where('revoked_at', 'is', null);
    if (hash !== undefined) update = update.where('hash', '=', hash);
    const res = await update.executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async createPersonCode(hash: string, code: PersonCode): Promise<void> {
    await this.db.insertInto('person_codes').values({ hash, person_id: code.person_id, purpose: code.purpose, expires_at: timestamp(code.expires_at) }).execute();
  }

  async spendPersonCode(hash: string, purpose: PersonCodePurpose, at: string): Promise<string | undefined> {
    const spent = await this.db.updateTable('person_codes').set({ used_at: timestamp(at) })
      .where('hash', '=', hash).where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', instant(at))
      .returning('person_id').execute();
    return spent[0]?.person_id;
  }
}
