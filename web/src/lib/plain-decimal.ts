import { latinDigits } from './dates';

/**
 * What a number field hands its owner: Persian (۰–۹) and Arabic-Indic (٠–٩)
 * digits read as Latin ones, the Persian decimal separator (٫) as `.`, group
 * separators (٬ and `,`) dropped, anything else that is not a digit, `.` or
 * `-` removed.
 */
export function plainDecimal(text: string): string {
  return latinDigits(text).replace(/٫/g, '.').replace(/[^0-9.-]/g, '');
}
