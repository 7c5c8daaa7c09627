import type { Workspace } from '../records/workspace.js';
import type { EventRecord } from '../records/events.js';

/**
 * How accepted events travel to the store. Embedded: the fsynced spool and a
 * background bulk loader (`Ingestor`). Scale-out: NATS JetStream and writer
 * processes (`QueueIngestor`). Routes only see this surface.
 */
export interface EventPipeline {
  start(): void;
  stop(): Promise<void>;
  /** Resolves once the events are durable (spool fsync or JetStream ack). */
  accept(ws: Workspace, events: EventRecord[]): Promise<void>;
  /** Resolves when the events accepted so far can be read from the store (bounded in scale-out mode). */
  drain(): Promise<void>;
  /** Channel rules changed: later events use the new ones. */
  forgetRules(workspaceId: string): void;
  readonly health: { pending_events: number; last_error?: string };
}
