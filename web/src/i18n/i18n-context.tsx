import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../lib/format/format';
import type { MessageKey } from './messages-en';
import { humanize, isRtl, lookup, pickLocale, translate, type Vars } from './translate';

const STORAGE_KEY = 'rl_locale';

export interface I18n {
  locale: Locale;
  rtl: boolean;
  setLocale(locale: Locale): void;
  /** A UI string by key. */
  t(key: MessageKey, vars?: Vars): string;
  /** A metric's display name: `metric.<name>` in this locale, else the registry label. */
  metricLabel(name: string, registryLabel?: string): string;
  /** A channel's display name: `channel.<id>`, else the id humanized. */
  channelLabel(id: string): string;
  /** Any other run-time id under a key prefix (`model`, `status`, `stage`, `segment`). */
  idLabel(prefix: string, id: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const urlLang = new URLSearchParams(window.location.search).get('lang');
  return pickLocale(urlLang, localStorage.getItem(STORAGE_KEY), navigator.language);
}

/** Holds the current locale, persists it, and sets `lang`/`dir` on <html>. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = isRtl(locale) ? 'rtl' : 'ltr';
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    const url = new URL(window.location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', next);
      window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({
      locale,
      rtl: isRtl(locale),
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      metricLabel: (name, registryLabel) => lookup(locale, `metric.${name}`, registryLabel ?? humanize(name)),
      channelLabel: (id) => lookup(locale, `channel.${id}`, humanize(id)),
      idLabel: (prefix, id) => lookup(locale, `${prefix}.${id}`, humanize(id)),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The i18n layer for the current locale. */
export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
