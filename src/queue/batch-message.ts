import { createHash } from 'node:crypto';
import type { StoredEvent } from '../records/events.js';
import { invalidArgument } from '../shared/errors.js';

/** One queue message: a workspace's events in the spool's line format `{"w": workspace, "e": [events]}`. */
export interface BatchMessage {
  /** `Nats-Msg-Id`: the same events give the same id, so a re-published batch is dropped by JetStream. */
  msgId: string;
  data: Uint8Array;
  events: number;
}

export interface DecodedBatch {
  workspaceId: string;
  events: StoredEvent[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Splits a workspace's events into messages of at most `maxBytes` bytes each
 * (NATS refuses payloads over the server's max_payload, 1 MB by default). An
 * event larger than the limit on its own still travels alone (the caller's
 * body limit keeps events far below it).
 *
 * @example encodeBatches('default', events, 900_000) // → [{ msgId: 'b1f0…', data, events: 100 }]
 */
export function encodeBatches(workspaceId: string, events: StoredEvent[], maxBytes: number): BatchMessage[] {
  const head = `{"w":${JSON.stringify(workspaceId)},"e":[`;
  const tail = ']}';
  const messages: BatchMessage[] = [];
  let parts: string[] = [];
  let ids: string[] = [];
  let bytes = head.length + tail.length;
  const cut = () => {
    if (parts.length === 0) return;
    messages.push({ msgId: batchId(workspaceId, ids), data: encoder.encode(head + parts.join(',') + tail), events: parts.length });
    parts = [];
    ids = [];
    bytes = head.length + tail.length;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json) + 1;
    if (parts.length > 0 && bytes + size > maxBytes) cut();
    parts.push(json);
    ids.push(event.id);
    bytes += size;
  }
  cut();
  return messages;
}

/** Parses a queue message; throws when it is not a batch (the writer then terminates that message). */
export function decodeBatch(data: Uint8Array): DecodedBatch {
  const value = JSON.parse(decoder.decode(data)) as { w?: unknown; e?: unknown };
  if (typeof value?.w !== 'string' || !Array.isArray(value.e)) throw invalidArgument('(message)', 'not a roilens event batch: expected {"w": string, "e": [...]}');
  return { workspaceId: value.w, events: value.e as StoredEvent[] };
}

/** A deterministic id for a workspace's batch of event ids (SHA-256, 32 hex digits). */
export function batchId(workspaceId: string, eventIds: string[]): string {
  const hash = createHash('sha256');
  hash.update(workspaceId);
  for (const id of eventIds) hash.update(`\u0000${id}`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The deduplication token of a writer batch: the same set of queue messages
 * (by `Nats-Msg-Id`) gives the same token whatever order they were delivered in,
 * so an engine with insert tokens can drop a retried insert as a whole.
 */
export function insertToken(workspaceId: string, msgIds: string[]): string {
  return batchId(workspaceId, [...msgIds].sort());
}

/** The subject of a workspace's batches: `<prefix>.<workspace>`, with characters NATS reserves (`.`, `*`, `>`, space…) percent-encoded. */
export function subjectFor(prefix: string, workspaceId: string): string {
  const token = workspaceId.replace(/[^A-Za-z0-9_-]/gu, (ch) => [...encoder.encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return `${prefix}.${token || '%'}`;
}
