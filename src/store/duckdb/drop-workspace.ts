import type { DuckDbDatabase } from './duckdb-database.js';
import { settingOfWorkspace } from '../snapshot/store-snapshot.js';

/**
 * Deletes a workspace and everything it holds from the embedded store (`roilens restore --replace`):
 * the rows of every table with a `workspace_id` column (events, money rows, metadata, keys, the KPI
 * and journey rollups, which rebuild from nothing), the settings that name it, and the workspace.
 * One transaction: a failure leaves the workspace as it was.
 */
export async function dropDuckDbWorkspace(db: DuckDbDatabase, workspaceId: string): Promise<void> {
  const tables = await db.rows<{ table_name: string }>(
    `SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'workspace_id' AND table_schema = 'main' AND table_name <> 'workspaces' ORDER BY table_name`);
  const settings = (await db.rows<{ key: string }>('SELECT key FROM settings')).map((r) => r.key).filter((key) => settingOfWorkspace(key, workspaceId));
  await db.transaction(async (tx) => {
    for (const { table_name } of tables) await tx.run(`DELETE FROM "${table_name.replace(/"/g, '""')}" WHERE workspace_id = $ws`, { ws: workspaceId });
    for (const key of settings) await tx.run('DELETE FROM settings WHERE key = $key', { key });
    await tx.run(`DELETE FROM workspaces WHERE id = $ws`, { ws: workspaceId });
  });
}
