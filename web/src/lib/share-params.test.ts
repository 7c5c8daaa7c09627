import { describe, expect, it } from 'vitest';
import { shareRequestOf } from './share-params';

describe('share link params (issue 15)', () => {
  it('keeps the page filters, as each view API names them, and drops blanks', () => {
    expect(shareRequestOf({ view: 'kpis', from: '2026-03-01', to: '2026-03-31', by: 'channel' })).toEqual({ view: 'kpis', params: { from: '2026-03-01', to: '2026-03-31', by: 'channel' } });
    expect(shareRequestOf({ view: 'kpis', from: '', to: '2026-03-31' })).toEqual({ view: 'kpis', params: { to: '2026-03-31' } });
    expect(shareRequestOf({ view: 'budget', total: 12000, weeks: 4 })).toEqual({ view: 'budget', params: { total: 12000, weeks: 4 } });
    expect(shareRequestOf({ view: 'experiment', id: 'exp_1' })).toEqual({ view: 'experiment', params: { id: 'exp_1' } });
    expect(shareRequestOf({ view: 'cohorts', period: 'week' })).toEqual({ view: 'cohorts', params: { period: 'week' } });
  });
  it('gives attribution the model the dashboard shows when the page names none', () => {
    expect(shareRequestOf({ view: 'attribution', from: '2026-03-01', to: '' })).toEqual({ view: 'attribution', params: { model: 'last-non-direct', from: '2026-03-01' } });
    expect(shareRequestOf({ view: 'attribution', model: 'linear' }).params).toEqual({ model: 'linear' });
  });
});
