import type { InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { localDigits } from '../lib/format';
import { toLatinDigits } from './experiments-digits';

/**
 * A number field that shows the locale's digits (Persian in fa) and hands
 * Latin digits to its owner, whichever digits were typed.
 */
export function NumberInput({ value, onValue, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & { value: string; onValue: (value: string) => void }) {
  const { locale } = useI18n();
  return <input {...rest} type="text" inputMode="decimal" value={localDigits(value, locale)} onChange={(event) => onValue(toLatinDigits(event.target.value))} />;
}
