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
  /**
   * Accepts, as `accept` does, only the events whose ids the workspace has not stored nor accepted
   * before (ids are unique within `events`); answers how many were taken and how many were duplicates.
   */
  acceptNew(ws: Workspace, events: EventRecord[]): Promise<{ accepted: number; duplicates: number }>;
  /** Resolves when the events accepted so far can be read from the store (bounded in scale-out mode). */
  drain(): Promise<void>;
  /** Channel rules changed: later events use the new ones. */
  forgetRules(workspaceId: string): void;
  readonly health: { pending_events: number; last_error?: string };
}
