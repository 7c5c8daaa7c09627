import { describe, expect, it } from 'vitest';
import { hasAttribution, parseAttribution, sameAttribution } from '../src/attribution.js';

describe('parseAttribution', () => {
  it('reads the five UTM fields and a Google click id', () => {
    expect(
      parseAttribution('?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_content=ad%201&utm_term=red+shoes&gclid=abc'),
    ).toEqual({
      utm: { source: 'google', medium: 'cpc', campaign: 'brand', content: 'ad 1', term: 'red shoes' },
      click_id: 'abc',
      click_ids: { gclid: 'abc' },
    });
  });

  it('returns {} for a direct visit and ignores empty or unrelated parameters', () => {
    expect(parseAttribution('')).toEqual({});
    expect(parseAttribution('?q=1&utm_source=&gclid=&utm_foo=x')).toEqual({});
  });

  it.each([
    ['fbclid', 'IwAR0x'],
    ['ttclid', 'E.C.P.tt'],
    ['msclkid', '4f1e9c'],
    ['rl_cid', 'rl_01HX'],
  ])('reads %s as the click id', (name, value) => {
    expect(parseAttribution(`?${name}=${value}`)).toEqual({ click_id: value, click_ids: { [name]: value } });
  });

  it("prefers roilens' own click id, then gclid, msclkid, fbclid, ttclid, and keeps them all", () => {
    const parsed = parseAttribution('?ttclid=t&fbclid=f&gclid=g&rl_cid=r&msclkid=m');
    expect(parsed.click_id).toBe('r');
    expect(parsed.click_ids).toEqual({ rl_cid: 'r', gclid: 'g', msclkid: 'm', fbclid: 'f', ttclid: 't' });
    expect(parseAttribution('?ttclid=t&fbclid=f&msclkid=m').click_id).toBe('m');
    expect(parseAttribution('?ttclid=t&fbclid=f').click_id).toBe('f');
  });

  it('decodes non-ASCII campaign names', () => {
    expect(parseAttribution('utm_campaign=%D9%86%D9%88%D8%B1%D9%88%D8%B2').utm).toEqual({ campaign: 'نوروز' });
  });
});

describe('hasAttribution / sameAttribution', () => {
  it('tells a campaign visit from a direct one', () => {
    expect(hasAttribution(parseAttribution('?utm_source=x'))).toBe(true);
    expect(hasAttribution(parseAttribution('?gclid=1'))).toBe(true);
    expect(hasAttribution(parseAttribution('?page=2'))).toBe(false);
  });

  it('compares UTM fields and click ids, not parameter order', () => {
    const a = parseAttribution('?utm_source=g&utm_medium=cpc&gclid=1');
    expect(sameAttribution(a, parseAttribution('?gclid=1&utm_medium=cpc&utm_source=g'))).toBe(true);
    expect(sameAttribution(a, parseAttribution('?utm_source=g&utm_medium=cpc&gclid=2'))).toBe(false);
    expect(sameAttribution(a, parseAttribution('?utm_source=g&utm_medium=cpc'))).toBe(false);
    // A stored (JSON round-tripped) attribution still compares equal.
    expect(sameAttribution(JSON.parse(JSON.stringify(a)), a)).toBe(true);
  });
});
