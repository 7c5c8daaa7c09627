import { describe, expect, it } from 'vitest';
import { href, parseHash } from '../lib/route';
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
  const plain = (hash: string) => {
    const { page, param, query } = parseHash(hash);
    return { page, param, query: query.toString() };
  };
  it('parses hash routes and falls back to the overview', () => {
    expect(plain('#/experiments/42')).toEqual({ page: 'experiments', param: '42', query: '' });
    expect(plain('#/budget')).toEqual({ page: 'budget', param: null, query: '' });
    expect(plain('')).toEqual({ page: 'overview', param: null, query: '' });
    expect(plain('#/nope')).toEqual({ page: 'overview', param: null, query: '' });
  });

  it('keeps the query (the date range) apart from the path', () => {
    expect(plain('#/overview?range=last7&compare=previous_year')).toEqual({ page: 'overview', param: null, query: 'range=last7&compare=previous_year' });
    expect(plain('#/experiments/42?from=2026-01-01&to=2026-01-31')).toEqual({ page: 'experiments', param: '42', query: 'from=2026-01-01&to=2026-01-31' });
    expect(href('attribution', undefined, new URLSearchParams('range=last30'))).toBe('#/attribution?range=last30');
    expect(href('overview')).toBe('#/overview');
  });
});
