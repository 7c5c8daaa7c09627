import { defineConfig } from 'vitest/config';

/**
 * The security suite (test/security) once more, on PostgreSQL + ClickHouse 18.16 + NATS JetStream
 * instead of the embedded DuckDB file (test/helpers/security-server.ts reads ROILENS_TEST_STORE).
 * `npm test` runs it in its engines phase, after scripts/engines.sh started the engines.
 */
export default defineConfig({
  test: {
    include: ['test/security/**/*.test.ts'],
    env: { ROILENS_TEST_STORE: 'scale' },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
