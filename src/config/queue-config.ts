/**
 * Settings of the durable event queue (NATS JetStream) that sits between the
 * stateless ingest nodes and the writer processes in scale mode. Read once at
 * boot from flags and the environment; frozen afterwards.
 */
import { invalid } from '../shared/errors.js';

export interface QueueConfig {
  /** NATS servers, e.g. `["127.0.0.1:4222"]`; a cluster lists several. */
  servers: string[];
  /** JetStream stream holding accepted batches until a writer has stored them. */
  stream: string;
  /** Batches go to `<subjectPrefix>.<workspace>`. */
  subjectPrefix: string;
  /** Durable pull consumer shared by every writer process. */
  durable: string;
  /** How long JetStream remembers a `Nats-Msg-Id` to drop a re-published batch. */
  duplicateWindowMs: number;
  /** Stream size limit in bytes (-1: none); a full stream refuses new batches (503) instead of dropping stored ones. */
  maxStreamBytes: number;
  /** Stream replicas: 1 on one server, 3 on a NATS cluster. */
  replicas: number;
  /** A delivered batch not acknowledged within this time is delivered again. */
  ackWaitMs: number;
  /** Batches delivered to writers and not yet acknowledged, at most. */
  maxAckPending: number;
}

/** How a writer cuts batches: up to `batchMessages` messages, waiting at most `flushIntervalMs` for them. */
export interface WriterSettings {
  /** Messages per store insert; memory is at most this times the NATS max_payload (1 MB), typically 30–40 kB per 100 events. */
  batchMessages: number;
  /** At least 1000 (the client's shortest pull expiry); about one store insert per interval under light load. */
  flushIntervalMs: number;
  /** After a failed insert the batch is delivered again after this delay. */
  retryDelayMs: number;
}

export const defaultQueueConfig: Readonly<QueueConfig> = Object.freeze({
  servers: ['127.0.0.1:4222'],
  stream: 'ROILENS_EVENTS',
  subjectPrefix: 'roilens.events',
  durable: 'roilens-writer',
  duplicateWindowMs: 120_000,
  maxStreamBytes: -1,
  replicas: 1,
  ackWaitMs: 60_000,
  maxAckPending: 50_000,
});

export const defaultWriterSettings: Readonly<WriterSettings> = Object.freeze({
  batchMessages: 2_000,
  flushIntervalMs: 1_000,
  retryDelayMs: 1_000,
});

const namePattern = /^[A-Za-z0-9_-]+$/;
const prefixPattern = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Reads the queue settings: flags win over `ROILENS_NATS_URL` (comma-separated),
 * `ROILENS_NATS_STREAM`, `ROILENS_QUEUE_SUBJECT`, `ROILENS_QUEUE_CONSUMER`,
 * `ROILENS_QUEUE_REPLICAS`, `ROILENS_QUEUE_MAX_BYTES`, which win over the defaults.
 * Throws an Error naming the setting when a value is malformed.
 */
export function loadQueueConfig(
  flags: { nats?: string; stream?: string; subject?: string; consumer?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): Readonly<QueueConfig> {
  const servers = (flags.nats ?? env.ROILENS_NATS_URL ?? defaultQueueConfig.servers.join(','))
    .split(',').map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) throw invalid('--nats / ROILENS_NATS_URL', 'expected host:port[,host:port…]');
  const stream = flags.stream ?? env.ROILENS_NATS_STREAM ?? defaultQueueConfig.stream;
  const subjectPrefix = flags.subject ?? env.ROILENS_QUEUE_SUBJECT ?? defaultQueueConfig.subjectPrefix;
  const durable = flags.consumer ?? env.ROILENS_QUEUE_CONSUMER ?? defaultQueueConfig.durable;
  if (!namePattern.test(stream)) throw invalid('--stream / ROILENS_NATS_STREAM', `letters, digits, "_" and "-" only, got "${stream}"`);
  if (!namePattern.test(durable)) throw invalid('--consumer / ROILENS_QUEUE_CONSUMER', `letters, digits, "_" and "-" only, got "${durable}"`);
  if (!prefixPattern.test(subjectPrefix)) throw invalid('--subject / ROILENS_QUEUE_SUBJECT', `dot-separated tokens, got "${subjectPrefix}"`);
  return Object.freeze({
    ...defaultQueueConfig,
    servers,
    stream,
    subjectPrefix,
    durable,
    replicas: intSetting('ROILENS_QUEUE_REPLICAS', env.ROILENS_QUEUE_REPLICAS, defaultQueueConfig.replicas, 1),
    maxStreamBytes: intSetting('ROILENS_QUEUE_MAX_BYTES', env.ROILENS_QUEUE_MAX_BYTES, defaultQueueConfig.maxStreamBytes, -1),
  });
}

/** Parses an integer setting at least `min`, or returns the fallback when unset. */
export function intSetting(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw invalid(name, `expected an integer ≥ ${min}, got "${text}"`);
  return n;
}

/**
 * The queue settings of a scale configuration: servers and stream from its
 * `nats:` section (`roilens.scale.yaml`), and its subject when it names one;
 * otherwise subject, and always consumer, replicas and size limit, from the
 * environment as `loadQueueConfig` reads them (the writer takes the same),
 * else the defaults. Two installations sharing a NATS server need subjects of
 * their own: JetStream refuses streams whose subjects overlap.
 */
export function queueConfigFromScale(nats: { servers: string | string[]; stream: string; subject?: string }, env: NodeJS.ProcessEnv = process.env): Readonly<QueueConfig> {
  const servers = (Array.isArray(nats.servers) ? nats.servers : nats.servers.split(',')).map((s) => s.trim()).filter(Boolean);
  const base = loadQueueConfig({}, env);
  return Object.freeze({ ...base, servers, stream: nats.stream, subjectPrefix: nats.subject ?? base.subjectPrefix });
}
