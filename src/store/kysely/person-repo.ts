import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { roles, type Member, type Membership, type PersonPatch, type PersonSecrets } from '../../records/people.js';
import type { PersonRepo } from '../ports/person-repo.js';
import type { MetadataTables } from './metadata-tables.js';
import { isoOf, recordOf, timestamp } from './metadata-rows.js';

const personColumns = ['id', 'email', 'password_hash', 'totp_secret', 'totp_pending', 'created_at', 'disabled_at'] as const;
type PersonRow = { id: string; email: string; password_hash: string | null; totp_secret: string | null; totp_pending: string | null; created_at: Date; disabled_at: Date | null };

const roleSchema = z.enum(roles);
const membershipRecord = z.object({ person_id: z.string().min(1), workspace_id: z.string().min(1), role: roleSchema, partner_id: z.string().nullable(), created_at: z.string() });

function personOf(r: PersonRow): PersonSecrets {
  return {
    id: r.id, email: r.email, created_at: isoOf(r.created_at) ?? '', disabled_at: isoOf(r.disabled_at) ?? null,
    password_hash: r.password_hash, totp_secret: r.totp_secret, totp_pending: r.totp_pending,
    has_password: r.password_hash !== null, totp: r.totp_secret !== null,
  };
}

function membershipOf(r: { person_id: string; workspace_id: string; role: string; partner_id: string | null; created_at: Date }): Membership {
  return recordOf(membershipRecord, { ...r, created_at: isoOf(r.created_at) }, `memberships ${r.person_id}/${r.workspace_id}`);
}

/** People and memberships (see `PersonRepo`), one set of queries for DuckDB and PostgreSQL. */
export class KyselyPersonRepo implements PersonRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async createPerson(person: { id: string; email: string; created_at: string; password_hash: string | null }): Promise<boolean> {
    const made = await this.db.insertInto('people')
      .values({ id: person.id, email: person.email.toLowerCase(), password_hash: person.password_hash, created_at: timestamp(person.created_at) })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .execute();
    return made.length > 0;
  }

  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const claimed = await this.db.updateTable('people').set({ totp_last_step: step })
      .where('id', '=', id).where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .returning('id').execute();
    return claimed.length > 0;
  }

  async getPerson(id: string): Promise<PersonSecrets | undefined> {
    const row = await this.db.selectFrom('people').select(personColumns).where('id', '=', id).executeTakeFirst();
    return row && personOf(row);
  }

  async findPersonByEmail(email: string): Promise<PersonSecrets | undefined> {
    const row = await this.db.selectFrom('people').select(personColumns).where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row && personOf(row);
  }

  async updatePerson(id: string, patch: PersonPatch): Promise<void> {
    const { disabled_at, ...texts } = patch;
    const values = { ...texts, ...(disabled_at !== undefined ? { disabled_at: disabled_at === null ? null : timestamp(disabled_at) } : {}) };
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('people').set(values).where('id', '=', id).execute();
  }

  async countPeople(): Promise<number> {
    const row = await this.db.selectFrom('people').select(sql<string>`cast(count(*) as varchar)`.as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async setMembership(m: Membership): Promise<void> {
    await this.db.insertInto('memberships')
      .values({ person_id: m.person_id, workspace_id: m.workspace_id, role: m.role, partner_id: m.partner_id, created_at: timestamp(m.created_at) })
      .onConflict((oc) => oc.columns(['person_id', 'workspace_id']).doUpdateSet({ role: m.role, partner_id: m.partner_id }))
      .execute();
  }

  async removeMembership(workspaceId: string, personId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('person_id', '=', personId).executeTakeFirst();
    return res.numDeletedRows > 0n;
  }

  async listMembers(workspaceId: string): Promise<Member[]> {
    const rows = await this.db.selectFrom('memberships as m').innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.person_id', 'm.workspace_id', 'm.role', 'm.partner_id', 'm.created_at', 'p.email', 'p.disabled_at', 'p.password_hash', 'p.totp_secret'])
      .where('m.workspace_id', '=', workspaceId).orderBy('p.email').execute();
    return rows.map((r) => ({
      ...membershipOf(r), email: r.email, disabled_at: isoOf(r.disabled_at) ?? null, has_password: r.password_hash !== null, totp: r.totp_secret !== null,
    }));
  }

  async membershipsOf(personId: string): Promise<Membership[]> {
    const rows = await this.db.selectFrom('memberships').select(['person_id', 'workspace_id', 'role', 'partner_id', 'created_at'])
      .where('person_id', '=', personId).orderBy('created_at').orderBy('workspace_id').execute();
    return rows.map(membershipOf);
  }
}
