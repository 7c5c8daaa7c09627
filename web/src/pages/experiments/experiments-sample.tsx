import { Fragment } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { en, type MessageKey } from '../../i18n/messages-en';
import { formatCount, formatNumber } from '../../lib/format/format';
import type { ExperimentResultsDoc, SampleFlag } from './experiments-types';

/** A variant name inside a translated sentence: left to right, not translated. */
function Name({ name }: { name: string }) {
  return (
    <code dir="ltr" translate="no">
      {name}
    </code>
  );
}

/** One flag in the page's locale: its message id with the parameters formatted; an id this dashboard does not know shows the server's English text. */
function FlagText({ flag }: { flag: SampleFlag }) {
  const { t, locale } = useI18n();
  if (!(flag.id in en)) return <>{flag.text}</>;
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(flag.params)) {
    if (name === 'variant') vars[name] = '\u0000';
    else if (typeof value === 'number') vars[name] = name.endsWith('_pct') ? formatNumber(value, locale) : formatCount(value, locale);
    else vars[name] = value;
  }
  // The variant is a user-given name: spliced in as code, never through the translation.
  const parts = t(flag.id as MessageKey, vars).split('\u0000');
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <Name name={String(flag.params.variant)} /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/**
 * Issue 12 #5: what the results leave out (people without a server-signed assignment) and
 * samples that look forged (one source supplying most of a variant, a conversion rate near 1).
 */
export function SampleBanner({ data }: { data: ExperimentResultsDoc }) {
  const { t, locale } = useI18n();
  const flags = data.sample_flags ?? [];
  const unsigned = data.unsigned_users ?? 0;
  return (
    <>
      {flags.length > 0 ? (
        <div className="banner banner--danger" role="alert" data-testid="sample-flags">
          <strong className="banner__title">⚠ {t('experiments.sampleTitle')}</strong>
          {flags.map((flag, index) => (
            <p key={index} data-flag={flag.id}>
              <FlagText flag={flag} />
            </p>
          ))}
        </div>
      ) : null}
      {unsigned > 0 ? (
        <p className="notice" role="status" data-testid="unsigned-users">
          {t('experiments.unsigned', { count: formatCount(unsigned, locale) })}
        </p>
      ) : null}
    </>
  );
}
