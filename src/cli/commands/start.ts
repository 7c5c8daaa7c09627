import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { readScaleConfig, scaleConfigFromEnv } from '../../config/scale-config.js';
import { startServer } from '../../server/start.js';
import { yesterdayUtc } from '../../demo/world/calendar.js';

export function register(program: Command): void {
  program
    .command('start')
    .description('Serve the API, the tracking endpoints and the dashboard (loads the demo world into an empty database)')
    .option('--db <file>', 'database file (default ./data/roilens.duckdb, or ROILENS_DB)')
    .option('--port <n>', 'port (default 8080, or PORT)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1, or ROILENS_HOST; 0.0.0.0 for every interface)')
    .option('--config <file>', 'scale-out: PostgreSQL + ClickHouse + NATS settings (roilens.scale.yaml); also ROILENS_CLICKHOUSE_URL, …')
    .option('--no-demo', 'do not load the demo world into an empty database')
    .action(async (opts) => {
      const config = loadConfig({ db: opts.db, port: opts.port, host: opts.host });
      const scale = opts.config ? readScaleConfig(opts.config) : scaleConfigFromEnv();
      const server = await startServer({
        scale,
        dbPath: config.dbPath, port: config.port, host: config.host, trustProxy: config.trustProxy,
        writeKey: config.writeKey, adminToken: config.adminToken, memoryLimit: config.duckdbMemory, linkFallbackUrl: config.linkFallbackUrl,
        // The port answers at once; the demo world (ending yesterday) loads behind it and /health shows its progress.
        demo: opts.demo === false || !config.demo ? false : { endDate: yesterdayUtc(new Date()) },
        waitForDemo: false,
      });
      process.stdout.write(
        [
          '',
          `roilens is running on ${server.url}`,
          `  dashboard:    ${server.signInLink()}`,
          '                (a sign-in link: it works once, within 15 minutes; `roilens signin-link` prints a fresh one)',
          ...(server.firstOwner
            ? [`  first owner:  ${server.firstOwner.email} signs in once with ${server.firstOwner.url}`, '                (valid 15 minutes, until ' + server.firstOwner.expiresAt.toISOString() + '; for a password, `roilens people reset-link --email ' + server.firstOwner.email + '` prints a link that sets one)']
            : []),
          `  API docs:     ${server.url}/docs`,
          `  write key:    ${server.writeKey}`,
          server.adminToken === undefined
            ? '  admin token:  stored hashed (shown once, on the first start); `roilens keys create` makes another secret key'
            : config.adminToken === undefined
              ? `  admin token:  ${server.adminToken}  (the owner's secret key, shown only now: keep it; it is stored hashed)`
              : '  admin token:  ROILENS_ADMIN_TOKEN',
          `  snippet:      <script async src="${server.url}/s.js" data-key="${server.writeKey}"></script>`,
          scale ? `  stores:       PostgreSQL ${scale.postgres.url.replace(/\/\/[^@/]*@/, '//')} + ClickHouse ${scale.clickhouse.url} via NATS ${String(scale.nats.servers)} (run \`roilens writer\` too)` : `  database:     ${config.dbPath}`,
          '',
        ].join('\n') + '\n',
      );
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => undefined);
    });
}
