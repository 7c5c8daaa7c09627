import type { Kysely } from 'kysely';
import { idempotencyUseRecord } from '../../records/metadata-schemas.js';
import { idempotencyStateOf, type IdempotencyClaim, type IdempotencyRepo, type IdempotencyState } from '../ports/keys-and-idempotency.js';
import type { MetadataTables } from './metadata-tables.js';
import { instant, recordOf, timestamp } from './metadata-rows.js';

/**
 * Idempotency keys (see `IdempotencyRepo`), one set of queries for DuckDB and PostgreSQL. A claim
 * is one atomic statement: insert the key, or take over an expired use of it, and answer the key
 * when this caller got it; otherwise the stored use is read and answered as its state.
 */
export class KyselyIdempotencyRepo implements IdempotencyRepo {
  constructor(private readonly db: Kysely<MetadataTables>) {}

  async claimIdempotencyKey(workspaceId: string, claim: IdempotencyClaim): Promise<IdempotencyState> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const taken = await this.db.insertInto('idempotency_keys')
        .values({ workspace_id: workspaceId, operation: claim.operation, key: claim.key, fingerprint: claim.fingerprint, created_at: timestamp(claim.at) })
        .onConflict((oc) => oc.columns(['workspace_id', 'operation', 'key'])
          .doUpdateSet((eb) => ({ fingerprint: eb.ref('excluded.fingerprint'), created_at: eb.ref('excluded.created_at'), status: null, body: null }))
          .where('idempotency_keys.created_at', '<', instant(claim.expiredBefore)))
        .returning('key')
        .execute();
      if (taken.length === 1) return { state: 'claimed' };
      const row = await this.db.selectFrom('idempotency_keys').select(['fingerprint', 'status', 'body'])
        .where('workspace_id', '=', workspaceId).where('operation', '=', claim.operation).where('key', '=', claim.key)
        .executeTakeFirst();
      // Forgotten between the two statements (its write failed): claim again.
      if (row) return idempotencyStateOf(recordOf(idempotencyUseRecord, row, `idempotency_keys ${claim.operation}/${claim.key}`), claim.fingerprint);
    }
    return { state: 'in_progress' };
  }

  async settleIdempotencyKey(workspaceId: string, operation: string, key: string, answer: { status: number; body: string } | null): Promise<void> {
    if (answer) {
      await this.db.updateTable('idempotency_keys').set({ status: answer.status, body: answer.body })
        .where('workspace_id', '=', workspaceId).where('operation', '=', operation).where('key', '=', key)
        .execute();
    } else {
      await this.db.deleteFrom('idempotency_keys')
        .where('workspace_id', '=', workspaceId).where('operation', '=', operation).where('key', '=', key)
        .execute();
    }
  }
}
