/**
 * The ingest floor (issue 14): a minimal Fastify server that parses a `POST /v1/events` batch,
 * appends it as one line to a file and answers once it is fsynced, every batch that arrives
 * while a sync runs sharing the next one (group commit, as the spool does). No validation,
 * duplicates or store: what ingestion on this machine cannot beat.
 * `tsx bench/lib/floor-ingest-server.ts PORT FILE`; prints `ready` when listening.
 */
import Fastify from 'fastify';
import { open } from 'node:fs/promises';

const [port, path] = [Number(process.argv[2]), process.argv[3]];
const fh = await open(path, 'a');
let waiting: { line: string; done: () => void }[] = [];
let syncing = false;

async function commit(): Promise<void> {
  syncing = true;
  while (waiting.length) {
    const group = waiting;
    waiting = [];
    await fh.write(group.map((g) => g.line).join(''));
    await fh.datasync();
    for (const g of group) g.done();
  }
  syncing = false;
}

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.removeContentTypeParser('application/json');
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.post('/v1/events', async (req) => {
  const text = String(req.body);
  const events = (JSON.parse(text) as { events: unknown[] }).events.length;
  await new Promise<void>((done) => {
    waiting.push({ line: text + '\n', done });
    if (!syncing) void commit();
  });
  return { accepted: events, duplicates: 0, rejected: [] };
});
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('ready\n');
