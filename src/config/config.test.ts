import { describe, expect, it } from 'vitest';
import { clickhouseTimeoutMs, duckdbMemory, fixedCredentials, loadConfig } from './config.js';

describe('loadConfig: ROILENS_LINK_FALLBACK_URL', () => {
  it('is read here, as an absolute http(s) URL', () => {
    expect(loadConfig({}, { ROILENS_LINK_FALLBACK_URL: 'https://shop.example/lost' }).linkFallbackUrl).toBe('https://shop.example/lost');
    expect(loadConfig({}, {}).linkFallbackUrl).toBeUndefined();
  });

  it('refuses anything else at boot, naming the setting', () => {
    expect(() => loadConfig({}, { ROILENS_LINK_FALLBACK_URL: 'javascript:alert(1)' })).toThrow(/ROILENS_LINK_FALLBACK_URL: must be an http or https URL/);
    expect(() => loadConfig({}, { ROILENS_LINK_FALLBACK_URL: 'shop.example' })).toThrow(/ROILENS_LINK_FALLBACK_URL: "shop.example" is not a URL/);
  });
});

describe('settings every process shares', () => {
  it('one DuckDB memory default (1GB) for the server, the ingest node and the writer; ROILENS_DUCKDB_MEMORY wins', () => {
    expect(duckdbMemory({})).toBe('1GB');
    expect(loadConfig({}, {}).duckdbMemory).toBe('1GB');
    expect(duckdbMemory({ ROILENS_DUCKDB_MEMORY: '256MB' })).toBe('256MB');
    expect(loadConfig({}, { ROILENS_DUCKDB_MEMORY: '256MB' }).duckdbMemory).toBe('256MB');
  });

  it('the fixed write key and admin token, empty meaning unset', () => {
    expect(fixedCredentials({ ROILENS_WRITE_KEY: 'wk_fixed', ROILENS_ADMIN_TOKEN: '' })).toEqual({ writeKey: 'wk_fixed', adminToken: undefined });
    expect(loadConfig({}, { ROILENS_ADMIN_TOKEN: 'at_fixed' })).toMatchObject({ writeKey: undefined, adminToken: 'at_fixed' });
  });

  it('the ClickHouse request timeout: 120 s unless ROILENS_CLICKHOUSE_TIMEOUT_MS says otherwise', () => {
    expect(clickhouseTimeoutMs({})).toBe(120_000);
    expect(clickhouseTimeoutMs({ ROILENS_CLICKHOUSE_TIMEOUT_MS: '300' })).toBe(300);
  });
});
