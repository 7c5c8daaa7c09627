import { describe, expect, it } from 'vitest';
import { parseHash } from '../lib/route';
import { en } from './messages-en';
import { fa } from './messages-fa';
import { vi } from './messages-vi';
import { humanize, isRtl, lookup, pickLocale, translate } from './translate';

describe('messages', () => {
  it('every locale has every key, none empty', () => {
    for (const table of [fa, vi]) {
      expect(Object.keys(table).sort()).toEqual(Object.keys(en).sort());
      for (const value of Object.values(table)) expect(value.trim()).not.toBe('');
    }
  });

  it('every locale keeps the same {placeholders}', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(fa[key]), `fa ${key}`).toEqual(placeholders(en[key]));
      expect(placeholders(vi[key]), `vi ${key}`).toEqual(placeholders(en[key]));
    }
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'kpi.previous', { value: '€5' })).toBe('Previous period: €5');
    expect(translate('fa', 'customers.period', { n: '۲' })).toBe('دورهٔ ۲');
  });

  it('takes metric names from the registry in English and from the table elsewhere', () => {
    expect(lookup('en', 'metric.cpa', 'CPA')).toBe('CPA');
    expect(lookup('fa', 'metric.revenue', 'Revenue')).toBe('درآمد');
    expect(lookup('vi', 'metric.unknown_metric', 'Unknown')).toBe('Unknown');
    expect(humanize('paid_search')).toBe('Paid search');
  });
});

describe('locale choice', () => {
  it('prefers ?lang=, then the stored choice, then the browser', () => {
    expect(pickLocale('fa', 'vi', 'en-US')).toBe('fa');
    expect(pickLocale(null, 'vi', 'fa-IR')).toBe('vi');
    expect(pickLocale(null, null, 'fa-IR')).toBe('fa');
    expect(pickLocale('xx', null, 'de-DE')).toBe('en');
    expect(isRtl('fa')).toBe(true);
    expect(isRtl('vi')).toBe(false);
  });
});

describe('routes', () => {
  it('parses hash routes and falls back to the overview', () => {
    expect(parseHash('#/experiments/42')).toEqual({ page: 'experiments', param: '42' });
    expect(parseHash('#/budget')).toEqual({ page: 'budget', param: null });
    expect(parseHash('')).toEqual({ page: 'overview', param: null });
    expect(parseHash('#/nope')).toEqual({ page: 'overview', param: null });
  });
});
