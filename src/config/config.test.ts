import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

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
