import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';

/** A line of code with a copy button (`<testId>` on the code, `<testId>-copy` on the button). */
export function CopyLine({ text, testId }: { text: string; testId: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="copy-line">
      <code className="copy-line__code" data-testid={testId}>
        {text}
      </code>
      <button type="button" className="button" onClick={copy} data-testid={`${testId}-copy`}>
        {copied ? t('settings.copied') : t('settings.copy')}
      </button>
    </div>
  );
}
