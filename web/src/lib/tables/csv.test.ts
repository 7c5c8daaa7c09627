import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes fields as RFC 4180 asks and leaves plain ones alone', () => {
    expect(csvField('paid_search')).toBe('paid_search');
    expect(csvField('Brand, EU')).toBe('"Brand, EU"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(1234.5)).toBe('1234.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    // A decimal amount as text stays a number (issue 12 #13).
    expect(csvField('-10')).toBe('-10');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('@me')).toBe("'@me");
  });

  it('writes a header of keys and one line per row in the given order', () => {
    const rows = [
      { channel: 'email', spend: 0, cpa: null },
      { channel: 'paid_search', spend: 1200.5, cpa: 40.02 },
    ];
    const csv = toCsv([{ key: 'channel' }, { key: 'spend' }, { key: 'cpa' }, { key: 'label', value: (row: { channel: string }) => row.channel.toUpperCase() }], rows);
    expect(csv).toBe('channel,spend,cpa,label\r\nemail,0,,EMAIL\r\npaid_search,1200.5,40.02,PAID_SEARCH\r\n');
  });
});
