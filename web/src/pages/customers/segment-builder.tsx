import { useState, type FormEvent } from 'react';
import { NumberInput } from '../../components/inputs/number-input';
import { ErrorState } from '../../components/state-view';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError, apiDownload, apiGet, apiSend } from '../../lib/api';
import type { SegmentCountAnswer, SegmentDefinition } from '../../lib/api-types.generated';
import { blankRule, RULE_KINDS, segmentBody, type RuleKind, type RuleRow } from '../../lib/segment-rules';
import { useWorkspace } from '../../workspace-context';
import type { MessageKey } from '../../i18n/messages-en';

const KIND_LABEL: Record<RuleKind, MessageKey> = {
  trait: 'segments.kind.trait',
  orders: 'segments.kind.orders',
  event: 'segments.kind.event',
  acquisition_channel: 'segments.kind.acquisition_channel',
};
const NAME_LABEL: Record<Exclude<RuleKind, 'orders'>, MessageKey> = {
  trait: 'segments.trait',
  event: 'segments.event',
  acquisition_channel: 'segments.channels',
};

type Saved = { segment: SegmentDefinition; count: SegmentCountAnswer };

/**
 * A form for a segment (trait equals, at least N orders, an event N times in
 * D days, acquisition channel): saves it with POST /v1/segments, then shows
 * its live count and a CSV export fetched with the token.
 */
export function SegmentBuilder() {
  const { t } = useI18n();
  const { format } = useWorkspace();
  const [name, setName] = useState('');
  const [match, setMatch] = useState<'all' | 'any'>('all');
  const [rows, setRows] = useState<RuleRow[]>([blankRule('orders')]);
  const [invalidRow, setInvalidRow] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const update = (index: number, patch: Partial<RuleRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = segmentBody(name, match, rows, Date.now().toString(36));
    if (!result.ok) {
      setInvalidRow(result.row);
      return;
    }
    setInvalidRow(null);
    setBusy(true);
    setError(null);
    try {
      const segment = await apiSend<SegmentDefinition>('/v1/segments', result.body);
      const count = await apiGet<SegmentCountAnswer>(`/v1/segments/${encodeURIComponent(segment.id)}/count`);
      setSaved({ segment, count });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
    } finally {
      setBusy(false);
    }
  };

  const download = async (id: string) => {
    try {
      await apiDownload(`/v1/segments/${encodeURIComponent(id)}/export`, `segment-${id}.csv`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
    }
  };

  return (
    <div>
      <form className="segment-form" data-testid="segment-builder" onSubmit={submit} noValidate>
        <div className="budget-form">
          <label className="field">
            <span className="field__label">{t('segments.name')}</span>
            <input data-testid="segment-name" value={name} aria-invalid={invalidRow === -1} onChange={(event) => setName(event.target.value)} />
          </label>
          <label className="field">
            <span className="field__label">{t('segments.match')}</span>
            <select data-testid="segment-match" value={match} onChange={(event) => setMatch(event.target.value === 'any' ? 'any' : 'all')}>
              <option value="all">{t('segments.matchAll')}</option>
              <option value="any">{t('segments.matchAny')}</option>
            </select>
          </label>
        </div>
        <ol className="rule-list">
          {rows.map((row, index) => (
            <li key={index} className="budget-form" data-testid="segment-rule" aria-invalid={invalidRow === index}>
              <label className="field">
                <span className="field__label">{t('segments.kind')}</span>
                <select data-testid="segment-rule-kind" value={row.kind} onChange={(event) => update(index, { ...blankRule(event.target.value as RuleKind) })}>
                  {RULE_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(KIND_LABEL[kind])}
                    </option>
                  ))}
                </select>
              </label>
              {row.kind !== 'orders' ? (
                <label className="field">
                  <span className="field__label">{t(NAME_LABEL[row.kind])}</span>
                  <input data-testid="segment-rule-name" value={row.name} onChange={(event) => update(index, { name: event.target.value })} />
                </label>
              ) : null}
              {row.kind === 'trait' ? (
                <label className="field">
                  <span className="field__label">{t('segments.equals')}</span>
                  <input data-testid="segment-rule-value" value={row.value} onChange={(event) => update(index, { value: event.target.value })} />
                </label>
              ) : null}
              {row.kind === 'orders' || row.kind === 'event' ? (
                <label className="field">
                  <span className="field__label">{t('segments.atLeast')}</span>
                  <NumberInput data-testid="segment-rule-count" value={String(row.count)} onChange={(value) => update(index, { count: value })} />
                </label>
              ) : null}
              {row.kind === 'event' ? (
                <label className="field">
                  <span className="field__label">{t('segments.inDays')}</span>
                  <NumberInput data-testid="segment-rule-days" value={String(row.days)} onChange={(value) => update(index, { days: value })} />
                </label>
              ) : null}
              <button type="button" className="button button--quiet" onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
                {t('segments.remove')}
              </button>
            </li>
          ))}
        </ol>
        {invalidRow !== null ? (
          <p className="form-error" role="alert" data-testid="segment-invalid">
            {invalidRow === -1 ? t('segments.needName') : t('segments.incomplete', { n: format.unit('count', invalidRow + 1) })}
          </p>
        ) : null}
        <div className="budget-form">
          <button type="button" className="button" data-testid="segment-add-rule" onClick={() => setRows((current) => [...current, blankRule('trait')])}>
            {t('segments.addRule')}
          </button>
          <button type="submit" className="button button--primary" data-testid="segment-save" disabled={busy}>
            {t('segments.save')}
          </button>
        </div>
      </form>
      {error ? <ErrorState error={error} input /> : null}
      {saved ? (
        <p className="segment-result" data-testid="segment-result" data-segment={saved.segment.id}>
          {t('segments.count', { people: format.unit('count', saved.count.people), buyers: format.unit('count', saved.count.buyers), date: saved.count.as_of })}{' '}
          <span data-testid="segment-count" data-value={saved.count.people} hidden />
          <button type="button" className="button" data-testid="segment-export" onClick={() => void download(saved.segment.id)}>
            {t('segments.export')}
          </button>
        </p>
      ) : null}
    </div>
  );
}
