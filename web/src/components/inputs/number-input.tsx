import type { InputHTMLAttributes } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { localDigits } from '../../lib/format/format';
import { decimalSeparator, plainDecimal } from '../../lib/format/plain-decimal';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** The value as a plain decimal string (Latin digits, `.`). */
  value: string;
  onChange(value: string): void;
};

/**
 * A number field that shows the locale's digits (Persian in fa; a native
 * number input cannot) with its decimal separator, and hands back a plain decimal string, whichever
 * digits and separators were typed (see `plainDecimal`).
 */
export function NumberInput({ value, onChange, ...rest }: Props) {
  const { locale } = useI18n();
  const shown = localDigits(value, locale).replace('.', decimalSeparator(locale));
  return <input {...rest} type="text" inputMode="decimal" dir="ltr" value={shown} onChange={(event) => onChange(plainDecimal(event.target.value, locale))} />;
}
