import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { waitUntil } from './queue-fixtures.js';

export interface ClickHousePorts {
  http: number;
  tcp: number;
  interserver: number;
}

/**
 * A ClickHouse server of a fault test's own (data folder and ports of its own),
 * configured as scripts/engines.sh configures the shared ones, so a test may
 * kill it with SIGKILL and start it again on the same data without touching
 * the servers other tests use. Its folder is fixed per HTTP port: a server
 * left running by an interrupted run (its pid file names it, and its command
 * line names this folder's config) is killed before a new one starts, and
 * the data folder starts empty.
 */
export class ClickHouseServerProcess {
  readonly url: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(private readonly home: string, readonly ports: ClickHousePorts) {
    this.url = `http://127.0.0.1:${ports.http}`;
    killLeftOver(home);
    rmSync(home, { recursive: true, force: true });
    for (const sub of ['data', 'tmp', 'user_files', 'log']) mkdirSync(`${home}/${sub}`, { recursive: true });
    writeFileSync(`${home}/config.xml`, serverConfig(home, ports));
    writeFileSync(`${home}/users.xml`, usersConfig);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server (on the data it had, if any) and resolves once it answers `SELECT 1`. */
  async start(): Promise<void> {
    if (await this.alive()) throw new Error(`something already listens on ${this.url}: pick other ports`);
    const out = openSync(`${this.home}/log/stdout.log`, 'a');
    const child = spawn('clickhouse-server', [`--config-file=${this.home}/config.xml`], { stdio: ['ignore', out, out] });
    this.child = child;
    writeFileSync(`${this.home}/server.pid`, String(child.pid));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitUntil(`clickhouse on ${this.url} (log in ${this.home}/log)`, async () => {
      if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}; see ${this.home}/log/server.err.log`);
      return this.alive();
    }, 60_000);
  }

  /** SIGKILL: no shutdown, no flush; resolves once the process is gone. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** A clean stop (end of test). */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Deletes the folder (after `stop`). */
  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }

  async alive(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/?query=SELECT%201`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  }
}

/** Kills the server an interrupted run of this test left in `home`, if any. */
function killLeftOver(home: string): void {
  const pidFile = `${home}/server.pid`;
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // gone
  }
  if (!cmdline.includes(`${home}/config.xml`)) return;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

function serverConfig(home: string, p: ClickHousePorts): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${home}/log/server.log</log><errorlog>${home}/log/server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${p.http}</http_port>
  <tcp_port>${p.tcp}</tcp_port>
  <interserver_http_port>${p.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${home}/data/</path>
  <tmp_path>${home}/tmp/</tmp_path>
  <user_files_path>${home}/user_files/</user_files_path>
  <users_config>${home}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
</yandex>
`;
}

const usersConfig = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
