/** Development helper: `npx tsx test/e2e/serve-fake.ts` serves web/dist with the fake API on :8099. */
import { resolve } from 'node:path';
import { mintSignInCode } from './browser.js';
import { startFakeApi } from './fake-api.js';

const server = await startFakeApi({ distDir: resolve('web/dist'), token: 'dev', port: 8099 });
console.log(`${server.url}/#code=${await mintSignInCode(server.url, 'dev')}`);
