import { describe, expect, it } from 'vitest';
import { ClickHouseClient } from '../../src/store/clickhouse/clickhouse-client.js';
import { chValue } from '../../src/store/clickhouse/sql-literal.js';
import { mulberry32 } from '../../src/shared/random.js';
import { readEngines } from './engines.js';

/** Deterministic PRNG so a failure can be replayed. */
const rng = mulberry32;

const tricky = ["'", '\\', '\u0000', '"', '\n', '\r', '\t', '`', '?', '{', '}', '$1', '--', '/*', ';', 'ы', 'ở', 'ی', '😀', '\u200f', '\u007f', '\u0001', '\\x27', "\\'"];

function randomString(next: () => number): string {
  const len = Math.floor(next() * 24);
  let s = '';
  for (let i = 0; i < len; i++) {
    const r = next();
    if (r < 0.5) s += tricky[Math.floor(next() * tricky.length)];
    else if (r < 0.8) s += String.fromCharCode(32 + Math.floor(next() * 95));
    else {
      // Any valid code point (no lone surrogates: they are not text and do not survive UTF-8).
      let cp = Math.floor(next() * 0x10ffff);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xe000;
      s += String.fromCodePoint(cp);
    }
  }
  return s;
}

describe('chValue against a real ClickHouse server', () => {
  const servers = readEngines().clickhouse;
  for (const [name, url] of [['single', servers.single.url], ['shard', servers.cluster.url]] as const) {
    it(`round-trips 2,000 random strings unchanged (${name})`, async () => {
      const client = new ClickHouseClient(url);
      const next = rng(7);
      const values = Array.from({ length: 2000 }, () => randomString(next));
      for (let i = 0; i < values.length; i += 250) {
        const part = values.slice(i, i + 250);
        const rows = await client.query<{ v: string[]; same: string }>(
          `SELECT [${part.map(chValue).join(', ')}] AS v, ${chValue(part[0])} = v[1] AS same`,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0].v).toEqual(part);
        expect(Number(rows[0].same)).toBe(1);
      }
    });
  }

  it('a value cannot change the shape of the query', async () => {
    const client = new ClickHouseClient(servers.single.url);
    const attacks = ["' OR 1=1 --", "\\' OR 1=1 --", "x' UNION ALL SELECT 'y", "\\", "'; DROP TABLE t; --"];
    for (const a of attacks) {
      const rows = await client.query<{ n: string }>(`SELECT count() AS n FROM system.one WHERE 'safe' = ${chValue(a)}`);
      expect(rows).toEqual([{ n: '0' }]);
    }
  });
});
