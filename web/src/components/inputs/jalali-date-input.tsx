import { useEffect, useState } from 'react';
import { parseJalali, toJalaliParts } from '../../lib/dates/dates';
import { formatJalaliInput } from '../../lib/format/format';

interface Props {
  /** ISO (Gregorian) date. */
  value: string;
  onChange(iso: string): void;
  testId: string;
  label: string;
}

/**
 * A date typed in the Jalali calendar with Persian digits (`۱۴۰۵/۰۱/۱۵`);
 * Latin digits are read too. Hands the Gregorian ISO date to `onChange`
 * once what is typed is a real Jalali date.
 */
export function JalaliDateInput({ value, onChange, testId, label }: Props) {
  const shown = value ? formatJalaliInput(toJalaliParts(value)) : '';
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const valid = parseJalali(text) !== null;
  return (
    <input
      type="text"
      inputMode="numeric"
      dir="ltr"
      lang="fa"
      className="date-input--jalali"
      data-testid={testId}
      data-iso={value}
      aria-label={label}
      aria-invalid={!valid}
      placeholder="۱۴۰۵/۰۱/۰۱"
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        const iso = parseJalali(event.target.value);
        if (iso) onChange(iso);
      }}
      onBlur={() => setText(shown)}
    />
  );
}
