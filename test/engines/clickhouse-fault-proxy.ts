import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * When the proxy kills ClickHouse, relative to the next INSERT into an events table:
 * - `during-insert`: once the INSERT's body has been forwarded and before any answer
 *   (ClickHouse may or may not have committed it: the writer cannot know);
 * - `after-commit`: once ClickHouse answered 200 (the rows are stored), before the
 *   answer reaches the writer.
 */
export type KillPoint = 'during-insert' | 'after-commit';

/** What the proxy did when it killed the server. */
export interface KillReport {
  point: KillPoint;
  /** Status ClickHouse gave the INSERT before dying (`after-commit` only). */
  status?: number;
  /** Event ids in the INSERT's body. */
  ids: string[];
}

/**
 * An HTTP proxy in front of a ClickHouse server's HTTP interface, so a test can
 * kill the server at an exact point of an insert. While nothing is armed it
 * passes requests through. When the upstream is down it drops the client's
 * connection, as a dead server would.
 */
export class ClickHouseFaultProxy {
  private armed?: { point: KillPoint; resolve: (r: KillReport) => void };
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(upstream: string, kill: () => Promise<void>): Promise<ClickHouseFaultProxy> {
    const target = new URL(upstream);
    let proxy!: ClickHouseFaultProxy;
    const server = createServer((req, res) => void proxy.forward(req, res, target, kill));
    server.on('connection', (s) => {
      proxy.sockets.add(s);
      s.once('close', () => proxy.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new ClickHouseFaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** Kills the server at `point` of the next events INSERT; resolves once it did. */
  arm(point: KillPoint): Promise<KillReport> {
    return new Promise((resolve) => (this.armed = { point, resolve }));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async forward(req: IncomingMessage, res: ServerResponse, target: URL, kill: () => Promise<void>): Promise<void> {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    const isEventsInsert = /^INSERT INTO \S+\.events\b/.test(query);
    const fault = isEventsInsert ? this.armed : undefined;
    if (fault) this.armed = undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const ids = () => insertedIds(query, body.toString('utf8'));

    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent: false }, (upRes) => {
      if (fault?.point === 'after-commit') {
        upRes.resume();
        upRes.once('end', () => void kill().then(() => {
          req.socket.destroy();
          fault.resolve({ point: fault.point, status: upRes.statusCode, ids: ids() });
        }));
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    up.end(body, () => {
      if (fault?.point !== 'during-insert') return;
      void kill().then(() => fault.resolve({ point: fault.point, ids: ids() }));
    });
  }
}

/** The `id` column of an INSERT's rows, sent as JSONEachRow or as TabSeparated with a column list. */
function insertedIds(query: string, body: string): string[] {
  const lines = body.split('\n').filter(Boolean);
  if (/FORMAT JSONEachRow/.test(query)) return lines.map((line) => (JSON.parse(line) as { id: string }).id);
  const columns = /\(([^)]*)\)\s*FORMAT TabSeparated/.exec(query)?.[1].split(',').map((c) => c.trim().replace(/^[`"]|[`"]$/g, ''));
  const at = columns?.indexOf('id') ?? -1;
  if (at < 0) throw new Error(`cannot find the id column of ${query}`);
  return lines.map((line) => line.split('\t')[at]);
}
