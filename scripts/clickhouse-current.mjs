// A current ClickHouse release for the engine tests: chDB (ClickHouse built as a
// library, npm `chdb`) behind the part of ClickHouse's HTTP interface roilens'
// client speaks: POST /?<settings>&query=<statement> with the statement (or the
// INSERT's rows) in the body, external data as multipart/form-data with
// <name>_structure and <name>_format, the result in the body of a 200, errors as 500.
// Debian only ships 18.16; this is how the same SQL is checked on today's server.
//
//   node scripts/clickhouse-current.mjs --port 18126 --path DIR
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Session } from 'chdb';

const { values } = parseArgs({ options: { port: { type: 'string' }, path: { type: 'string' } } });
const session = new Session(values.path);
const applied = new Map();

/** Settings arrive as URL parameters; the session keeps them, so each is set once per value. */
function applySettings(params) {
  for (const [name, value] of params) {
    // query_id names the query (for KILL QUERY) on a real server; chDB runs one statement at a time and cannot stop one.
    if (name === 'query' || name === 'query_id' || /_(structure|format)$/.test(name) || applied.get(name) === value) continue;
    if (!/^[a-z_0-9]+$/.test(name) || !/^[\w.]*$/.test(value)) throw new Error(`bad setting ${name}=${value}`);
    session.query(`SET ${name} = '${value}'`);
    applied.set(name, value);
  }
}

function run(params, body) {
  applySettings(params);
  const head = params.get('query');
  const sql = head ? `${head}\n${body}` : body;
  return session.query(sql, 'TabSeparated') ?? '';
}

/** External data: each file part becomes a temporary table of the session for the one query. */
function runWithExternalData(params, files) {
  const names = [...files.keys()];
  try {
    for (const name of names) {
      if (!/^\w+$/.test(name)) throw new Error(`bad external table name ${name}`);
      session.query(`CREATE TEMPORARY TABLE ${name} (${params.get(`${name}_structure`)}) ENGINE = Memory`);
      const rows = files.get(name);
      if (rows) session.query(`INSERT INTO ${name} FORMAT ${params.get(`${name}_format`) ?? 'TabSeparated'}\n${rows}`);
    }
    applySettings(params);
    return session.query(params.get('query') ?? '', 'TabSeparated') ?? '';
  } finally {
    for (const name of names) session.query(`DROP TEMPORARY TABLE IF EXISTS ${name}`);
  }
}

async function handle(req, body) {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return run(params, body.toString('utf8'));
  const form = await new Response(body, { headers: { 'content-type': type } }).formData();
  const files = new Map();
  for (const [name, value] of form) files.set(name, typeof value === 'string' ? value : await value.text());
  return runWithExternalData(params, files);
}

// One statement at a time: chDB's session is not re-entrant.
let queue = Promise.resolve();
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    queue = queue.then(async () => {
      try {
        const out = await handle(req, Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end(out);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=UTF-8' }).end(String(err?.message ?? err));
      }
    });
  });
}).listen(Number(values.port ?? 18126), '127.0.0.1', () => {
  const version = session.query('SELECT version()', 'TabSeparated').trim();
  console.log(`clickhouse-current: ClickHouse ${version} (chDB) on 127.0.0.1:${values.port ?? 18126}`);
});
