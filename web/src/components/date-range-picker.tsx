import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { isIsoDate, lastDays, rangeDays, type DateRange } from '../lib/dates';
import { formatDate } from '../lib/format';

interface Props {
  range: DateRange;
  onChange(range: DateRange): void;
  /** First and last day with data; presets end on `max`. */
  min: string;
  max: string;
}

const PRESETS = [7, 30, 90] as const;
const PRESET_KEYS = { 7: 'range.last7', 30: 'range.last30', 90: 'range.last90' } as const;

/**
 * Presets (last 7/30/90 days of data) and custom from/to inputs. The
 * chosen range is echoed in the locale's calendar (Jalali in Persian),
 * since native date inputs show the Gregorian calendar.
 */
export function DateRangePicker({ range, onChange, min, max }: Props) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState(range);
  useEffect(() => setDraft(range), [range]);

  const invalid = !isIsoDate(draft.from) || !isIsoDate(draft.to) || draft.from > draft.to;
  const update = (next: DateRange) => {
    setDraft(next);
    if (isIsoDate(next.from) && isIsoDate(next.to) && next.from <= next.to) onChange(next);
  };
  const activePreset = range.to === max ? PRESETS.find((days) => rangeDays(range) === days) : undefined;

  return (
    <fieldset className="range-picker" data-testid="date-range">
      <legend className="visually-hidden">{t('range.label')}</legend>
      <div className="range-picker__presets" role="group" aria-label={t('range.label')}>
        {PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            className="chip"
            aria-pressed={activePreset === days}
            data-testid={`range-preset-${days}`}
            onClick={() => onChange(lastDays(max, days))}
          >
            {t(PRESET_KEYS[days])}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field__label">{t('range.from')}</span>
        <input
          type="date"
          data-testid="date-from"
          value={draft.from}
          min={min}
          max={max}
          onChange={(event) => update({ ...draft, from: event.target.value })}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('range.to')}</span>
        <input
          type="date"
          data-testid="date-to"
          value={draft.to}
          min={min}
          max={max}
          onChange={(event) => update({ ...draft, to: event.target.value })}
        />
      </label>
      <p className="range-picker__shown" data-testid="range-display" aria-live="polite">
        {invalid
          ? t('range.invalid')
          : t('range.shown', { from: formatDate(range.from, locale), to: formatDate(range.to, locale) })}
      </p>
    </fieldset>
  );
}
