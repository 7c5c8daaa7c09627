import { existsSync } from 'node:fs';
import { Ingestor } from '../../ingest/ingestor.js';
import type { EventPipeline } from '../../ingest/pipeline.js';
import { EventSpool } from '../../ingest/spool.js';
import type { Store } from '../../store/store.js';

/**
 * Runs `fn` with the database's spool (`<db>.spool`) as its pipeline, when one exists: events
 * a stopped server acknowledged but never stored are loaded first, so an erasure or a
 * retention run also covers them (issue 12 #14).
 */
export async function withSpoolDrained<T>(store: Store, dbPath: string, fn: (pipeline: EventPipeline | undefined) => Promise<T>): Promise<T> {
  const dir = `${dbPath}.spool`;
  if (!existsSync(dir)) return fn(undefined);
  const spool = await EventSpool.open(dir);
  try {
    return await fn(new Ingestor(store, spool));
  } finally {
    await spool.close();
  }
}
