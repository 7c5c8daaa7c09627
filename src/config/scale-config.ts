import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';

/**
 * Where a scale-out installation keeps its data and queue: PostgreSQL for
 * metadata, ClickHouse (one server or a sharded cluster) for events and spend,
 * NATS JetStream between ingest nodes and writers. Read once at boot from
 * `--config FILE.yaml`, or from ROILENS_POSTGRES_URL, ROILENS_CLICKHOUSE_URL, … .
 */
const scaleSchema = z.object({
  postgres: z.object({
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').default('roilens'),
  }),
  clickhouse: z.object({
    url: z.string().regex(/^https?:\/\//, 'must be the http(s):// URL of ClickHouse\'s HTTP interface'),
    database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be an identifier').default('roilens'),
    cluster: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/).optional(),
    shards: z.array(z.string().regex(/^https?:\/\//)).optional(),
  }),
  nats: z.object({
    servers: z.union([z.string(), z.array(z.string())]).default('nats://127.0.0.1:4222'),
    stream: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('ROILENS_EVENTS'),
    /** Subject prefix of the stream (else ROILENS_QUEUE_SUBJECT or `roilens.events`): installations sharing a NATS server need their own. */
    subject: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dot-separated tokens of letters, digits, "_" and "-"').optional(),
  }).default({ servers: 'nats://127.0.0.1:4222', stream: 'ROILENS_EVENTS' }),
});

export type ScaleSettings = z.infer<typeof scaleSchema>;

/** Reads and validates a scale configuration file (YAML or JSON); errors name the field. */
export function readScaleConfig(path: string): ScaleSettings {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AppError('invalid_input', `--config: cannot read ${path}: ${(err as Error).message}`);
  }
  return validate(raw, `--config ${path}`);
}

/** The scale configuration from the environment, or undefined when ROILENS_CLICKHOUSE_URL is not set. */
export function scaleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScaleSettings | undefined {
  if (!env.ROILENS_CLICKHOUSE_URL) return undefined;
  return validate(
    {
      postgres: { url: env.ROILENS_POSTGRES_URL, ...(env.ROILENS_POSTGRES_SCHEMA ? { schema: env.ROILENS_POSTGRES_SCHEMA } : {}) },
      clickhouse: {
        url: env.ROILENS_CLICKHOUSE_URL,
        ...(env.ROILENS_CLICKHOUSE_DATABASE ? { database: env.ROILENS_CLICKHOUSE_DATABASE } : {}),
        ...(env.ROILENS_CLICKHOUSE_CLUSTER ? { cluster: env.ROILENS_CLICKHOUSE_CLUSTER, shards: (env.ROILENS_CLICKHOUSE_SHARDS ?? '').split(',').filter(Boolean) } : {}),
      },
      nats: { ...(env.ROILENS_NATS_URL ? { servers: env.ROILENS_NATS_URL.split(',') } : {}), ...(env.ROILENS_NATS_STREAM ? { stream: env.ROILENS_NATS_STREAM } : {}) },
    },
    'environment',
  );
}

function validate(raw: unknown, where: string): ScaleSettings {
  const parsed = scaleSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('invalid_input', `${where}: ${issues[0].path}: ${issues[0].message}`, issues);
  }
  const cfg = parsed.data;
  if (cfg.clickhouse.cluster && !(cfg.clickhouse.shards && cfg.clickhouse.shards.length > 0)) {
    throw new AppError('invalid_input', `${where}: clickhouse.shards: list every shard's URL when a cluster is named`);
  }
  return cfg;
}

/** The ClickHouse topology the store takes. */
export function clickhouseTopology(cfg: ScaleSettings) {
  const { url, database, cluster, shards } = cfg.clickhouse;
  return cluster ? { kind: 'cluster' as const, url, database, cluster, shards: shards! } : { kind: 'single' as const, url, database };
}
