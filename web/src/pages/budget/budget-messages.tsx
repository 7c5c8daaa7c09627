import { useCallback } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { en, type MessageKey } from '../../i18n/messages-en';
import type { Vars } from '../../i18n/translate';
import type { BudgetPlanAnswer } from '../../lib/api-types.generated';

/** A budget message: an i18n key (`budget.msg.*`) with parameters, and the server's English text. */
type BudgetMessage = BudgetPlanAnswer['warning_messages'][number];
import { INTL_TAG, localDigits } from '../../lib/format/format';
import { useWorkspace } from '../../workspace-context';

/**
 * Words the budget server's messages (moves, the plan's mode reason,
 * warnings, funnel bases) in the page's locale: the message id is the i18n
 * key, its parameters are formatted by name (the server's conventions in
 * src/budget/model/messages.ts: channels, outcome kinds, `_money`, `_pct`,
 * `delta`, dates). An id this dashboard does not know shows the server's
 * English text.
 */
export function useBudgetWords(): (message: BudgetMessage | null | undefined) => string {
  const { t, locale, channelLabel } = useI18n();
  const { format } = useWorkspace();
  const word = useCallback(
    (message: BudgetMessage | null | undefined): string => {
      if (!message) return '';
      if (!(message.id in en)) return message.text;
      const vars: Vars = {};
      for (const [name, value] of Object.entries(message.params ?? {})) vars[name] = param(name, value);
      const text = t(message.id as MessageKey, vars);
      return message.because ? `${text}: ${word(message.because)}` : text;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- param closes over the same values
    [t, locale, channelLabel, format],
  );

  function param(name: string, value: string | number): string | number {
    if (typeof value === 'string') {
      if (name === 'channel' || name === 'from' || name === 'to') return channelLabel(value);
      if (name === 'outcome') return lookupKey(`budget.outcomeWord.${value}`, value);
      if (name === 'unit') return lookupKey(`budget.unitWord.${value}`, value);
      if (name === 'efficiency') return lookupKey(`budget.efficiency.${value}`, value);
      if (name === 'path') return lookupKey(`budget.pathWord.${value}`, value);
      if (name === 'start' || name === 'end') return new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
      return value;
    }
    if (name.endsWith('_money')) return format.unit('money', value);
    if (name === 'year') return localDigits(String(value), locale);
    if (name === 'delta' || name === 'delta_pct') return `${value >= 0 ? '+' : '−'}${format.unit('number', Math.abs(value))}`;
    return format.unit('number', value);
  }

  function lookupKey(key: string, fallback: string): string {
    return key in en ? t(key as MessageKey) : fallback;
  }

  return word;
}

/** A list of worded messages (warnings), or nothing when empty. */
export function BudgetNotes({ messages, fallback, testId }: { messages?: BudgetMessage[]; fallback?: string[]; testId: string }) {
  const word = useBudgetWords();
  const items = Array.isArray(messages) ? messages.map(word) : Array.isArray(fallback) ? fallback : [];
  if (items.length === 0) return null;
  return (
    <ul className="warnings muted" data-testid={testId}>
      {items.map((text, index) => (
        <li key={index}>{text}</li>
      ))}
    </ul>
  );
}
