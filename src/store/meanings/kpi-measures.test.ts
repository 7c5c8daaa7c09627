import { describe, expect, it } from 'vitest';
import { baseMeasureUnits, emptyMeasures } from '../../metrics/kpi-query.js';
import { factMeasures, isMoneyMeasure, kpiFactsFromRows, kpiMeasureNames, kpiMeasures } from './kpi-measures.js';

describe('KPI measure registry', () => {
  it('has every base measure (and the unconverted count), each given by some fact on every engine', () => {
    expect(new Set(kpiMeasureNames)).toEqual(new Set([...Object.keys(baseMeasureUnits), 'unconverted']));
    for (const m of kpiMeasureNames) {
      expect(Object.keys(kpiMeasures[m].duckdb).length, `${m} on DuckDB`).toBeGreaterThan(0);
      expect(Object.keys(kpiMeasures[m].clickhouse).length, `${m} on ClickHouse`).toBeGreaterThan(0);
    }
    expect(kpiMeasureNames.filter(isMoneyMeasure)).toEqual(['spend', 'revenue', 'revenue_unverified']);
  });

  it('lists a fact\'s measures in column order', () => {
    expect(factMeasures('duckdb', 'spend')).toEqual({
      spend: 'sum(coalesce(sp.cost_base, 0))', impressions: 'sum(sp.impressions)', clicks: 'sum(sp.clicks)', unconverted: 'count(*) FILTER (WHERE sp.unconverted)',
    });
    expect(Object.keys(factMeasures('clickhouse', 'credited'))).toEqual([
      'leads', 'mqls', 'sqls', 'opportunities', 'won', 'conversions', 'new_customers', 'revenue', 'unconverted', 'revenue_unverified',
    ]);
    expect(factMeasures('duckdb', 'won')).toEqual({ won: 'count(*)' });
  });
});

describe('kpiFactsFromRows', () => {
  const money = (v: unknown) => (v === null || v === undefined ? '0' : String(v));
  it('splits totals, per-channel and dimension rows, reads money as text and warns of unconverted amounts', () => {
    const facts = kpiFactsFromRows(
      [
        { is_total: true, is_channel: false, key: null, channel: null, campaign: null, spend: '30.000000', clicks: 12, revenue: null, unconverted: 2 },
        { is_total: 0, is_channel: 1, key: 'email', channel: null, campaign: null, spend: '10.000000', clicks: '4' },
        { is_total: false, is_channel: false, key: 'summer-ad', channel: 'paid_social', campaign: 'summer', spend: '20.000000', conversions: 3 },
      ],
      { by: 'ad' },
      'EUR',
      money,
    );
    expect(facts.totals).toEqual({ ...emptyMeasures(), spend: '30.000000', clicks: 12 });
    expect(facts.channels).toEqual([{ key: 'email', measures: { ...emptyMeasures(), spend: '10.000000', clicks: 4 } }]);
    expect(facts.rows).toEqual([{ key: 'summer-ad', channel: 'paid_social', campaign: 'summer', measures: { ...emptyMeasures(), spend: '20.000000', conversions: 3 } }]);
    expect(facts.warnings).toEqual(['2 amounts are in a currency with no rate to EUR; import rates (roilens import rates) to count them']);
  });
});
