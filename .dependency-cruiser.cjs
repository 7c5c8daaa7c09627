/**
 * The layers of roilens's source (issue 13; README "Architecture"). A folder of
 * `src/` may import folders of its own layer and of the layers below it, never
 * a folder of a layer above; and no two folders import each other, directly or
 * round a loop (checked between folders and between modules). Bottom to top:
 *
 *   records   the record types every layer speaks (events, spend, orders, leads,
 *             rates, workspaces, links, channel rules); imports nothing of ours
 *   shared    errors, CSV safety, seeded random, the outbound client, the worker pool;
 *             knows no domain
 *   config    the only reader of the environment (`process.env`)
 *   domain cores: pure engines and definitions, plain data in and out
 *             money, metrics, tracking, attribution, experiments, customers, budget, partners
 *   adapters  storage, ingestion and the store-backed reports
 *             store, privacy, ingest, queue, reports, demo
 *   interfaces  operations, the HTTP server and the CLI
 *   app       one entry point per process
 *
 * Test code (`*.test.ts`; the store contract suites live in `test/store/`) drives
 * the stack from above and is not checked. `test/architecture/layers.test.ts` runs this in
 * `npm test` and also fails when a folder of `src/` is in no layer.
 */
const layers = [
  { name: 'records', folders: ['records'] },
  { name: 'shared', folders: ['shared'] },
  { name: 'config', folders: ['config'] },
  { name: 'domain cores', folders: ['money', 'metrics', 'tracking', 'attribution', 'experiments', 'customers', 'budget', 'partners'] },
  { name: 'adapters', folders: ['store', 'privacy', 'ingest', 'queue', 'reports', 'demo'] },
  { name: 'interfaces', folders: ['operations', 'server', 'cli'] },
  { name: 'app', folders: ['app'] },
];

const under = (folders) => `^src/(${folders.join('|')})/`;

const upward = layers.slice(0, -1).map((layer, i) => {
  const higher = layers.slice(i + 1).flatMap((l) => l.folders);
  return {
    name: `no-upward-from-${layer.name.replace(/ /g, '-')}`,
    comment: `${layer.name} (${layer.folders.join(', ')}) must not import a higher layer (${higher.join(', ')})`,
    severity: 'error',
    from: { path: under(layer.folders) },
    to: { path: under(higher) },
  };
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-folder-cycle',
      comment: 'folders of src/ must not import each other round a loop',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment: 'modules of src/ must not import each other round a loop either (none do today)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.tsx?$', '__fixtures__'] },
  },
};
