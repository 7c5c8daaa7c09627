/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits, the Persian decimal separator and group separator, read as Latin `0-9`, `.` and nothing. */
export function toLatinDigits(text: string): string {
  return text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/٫/g, '.')
    .replace(/٬/g, '');
}
