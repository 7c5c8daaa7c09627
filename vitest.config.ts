import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'sdk/**/*.test.ts', 'web/**/*.test.ts'],
    // The scale-out engines (PostgreSQL + ClickHouse + NATS) run with `npm run test:engines`.
    exclude: ['**/node_modules/**', 'test/engines/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
