import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages-en';
import { COMPARISONS, isComparison, isIsoDate, isPreset, PRESETS, type Comparison, type DateRange, type Preset } from '../../lib/dates/dates';
import { formatDate } from '../../lib/format/format';
import type { RangeChoice } from '../../lib/dates/range-query';
import { useDebouncedCallback } from '../../lib/use-debounced';
import { JalaliDateInput } from './jalali-date-input';

interface Props {
  choice: RangeChoice;
  onChange(choice: Pick<RangeChoice, 'preset' | 'range' | 'comparison'>): void;
  /** Offer the comparison select (pages that compare periods). */
  compare?: boolean;
}

export const PRESET_KEYS: Record<Preset, MessageKey> = {
  today: 'range.today',
  yesterday: 'range.yesterday',
  last7: 'range.last7',
  last30: 'range.last30',
  last90: 'range.last90',
  this_month: 'range.thisMonth',
  last_month: 'range.lastMonth',
  quarter_to_date: 'range.quarterToDate',
};

const COMPARE_KEYS: Record<Comparison, MessageKey> = {
  previous: 'range.comparePrevious',
  previous_year: 'range.comparePreviousYear',
  none: 'range.compareNone',
};

/**
 * A preset relative to today (the workspace's today), custom from/to dates
 * (Jalali with Persian digits in fa, the native date input elsewhere) and
 * the comparison period. The choice lives in the address, so a link or a
 * reload shows the same range. Typed dates apply once typing pauses (300 ms):
 * the pages fetch once per pause, and a fetch a newer range supersedes is aborted.
 */
export function DateRangePicker({ choice, onChange, compare = false }: Props) {
  const { t, locale } = useI18n();
  const { range, preset, comparison } = choice;
  const [draft, setDraft] = useState(range);
  useEffect(() => setDraft(range), [range.from, range.to]); // eslint-disable-line react-hooks/exhaustive-deps

  const invalid = !isIsoDate(draft.from) || !isIsoDate(draft.to) || draft.from > draft.to;
  const apply = useDebouncedCallback((next: DateRange) => onChange({ preset: null, range: next, comparison }));
  const update = (next: DateRange) => {
    setDraft(next);
    if (isIsoDate(next.from) && isIsoDate(next.to) && next.from <= next.to) apply(next);
  };
  const dateInput = (which: 'from' | 'to') =>
    locale === 'fa' ? (
      <JalaliDateInput testId={`date-${which}`} value={draft[which]} onChange={(value) => update({ ...draft, [which]: value })} label={t(which === 'from' ? 'range.from' : 'range.to')} />
    ) : (
      <input type="date" data-testid={`date-${which}`} value={draft[which]} onChange={(event) => update({ ...draft, [which]: event.target.value })} />
    );

  return (
    <fieldset className="range-picker" data-testid="date-range">
      <legend className="visually-hidden">{t('range.label')}</legend>
      <label className="field">
        <span className="field__label">{t('range.preset')}</span>
        <select
          data-testid="range-preset"
          value={preset ?? 'custom'}
          onChange={(event) => {
            const value = event.target.value;
            if (isPreset(value)) onChange({ preset: value, range, comparison });
          }}
        >
          {PRESETS.map((name) => (
            <option key={name} value={name}>
              {t(PRESET_KEYS[name])}
            </option>
          ))}
          <option value="custom" disabled>
            {t('range.custom')}
          </option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('range.from')}</span>
        {dateInput('from')}
      </label>
      <label className="field">
        <span className="field__label">{t('range.to')}</span>
        {dateInput('to')}
      </label>
      {compare ? (
        <label className="field">
          <span className="field__label">{t('range.compare')}</span>
          <select
            data-testid="range-compare"
            value={comparison}
            onChange={(event) => {
              const value = event.target.value;
              if (isComparison(value)) onChange({ preset, range, comparison: value });
            }}
          >
            {COMPARISONS.map((name) => (
              <option key={name} value={name}>
                {t(COMPARE_KEYS[name])}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <p className="range-picker__shown" data-testid="range-display" aria-live="polite">
        {invalid ? t('range.invalid') : t('range.shown', { from: formatDate(range.from, locale), to: formatDate(range.to, locale) })}
      </p>
    </fieldset>
  );
}
