import { useI18n } from '../../i18n/i18n-context';
import { asLocale, LOCALE_NAMES, LOCALES } from '../../i18n/translate';

/** The header's language switcher; each language is named in itself. */
export function LocaleSelect() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="field field--inline">
      <span className="field__label">{t('header.locale')}</span>
      <select
        data-testid="locale-select"
        value={locale}
        onChange={(event) => {
          const next = asLocale(event.target.value);
          if (next) setLocale(next);
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code} translate="no">
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
