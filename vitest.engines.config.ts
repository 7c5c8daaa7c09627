import { defineConfig } from 'vitest/config';

/** The store contract and fault tests on PostgreSQL + ClickHouse (+ NATS); servers started by scripts/engines.sh. */
export default defineConfig({
  test: {
    include: ['test/engines/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
