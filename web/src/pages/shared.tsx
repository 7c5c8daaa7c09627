import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { ShareShowAnswer } from '../lib/api-types.generated';

/** The share token in the address (`/#share=rl_shr_…`), or undefined. */
export function shareTokenOf(hash: string): string | undefined {
  return /^#share=(rl_shr_[A-Za-z0-9_-]+)$/.exec(hash)?.[1];
}

async function withToken<T>(token: string, path: string): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as T;
}

/** A table of the first array of records in an answer (the report's rows), every column as the API names it. */
function RowsTable({ answer }: { answer: Record<string, unknown> }) {
  const rows = Object.values(answer).find((v): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object');
  if (!rows) return <pre>{JSON.stringify(answer, null, 2)}</pre>;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => rows.some((r) => typeof r[c] !== 'object' || r[c] === null));
  return (
    <table className="table" data-testid="shared-rows">
      <thead><tr>{cols.map((c) => <th key={c}>{c}</th>)}</tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i}>{cols.map((c) => <td key={c}><bdi>{r[c] == null ? '—' : String(r[c])}</bdi></td>)}</tr>)}</tbody>
    </table>
  );
}

/**
 * The read-only page a share link opens (issue 15): what the link shows (`GET /v1/share`) and that
 * report's answer, both read with the link's token; nothing else of the dashboard is reachable.
 */
export function SharedPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<{ info: ShareShowAnswer; answer: Record<string, unknown> } | 'loading' | 'dead'>('loading');
  useEffect(() => {
    withToken<ShareShowAnswer>(token, '/v1/share')
      .then(async (info) => setState({ info, answer: await withToken<Record<string, unknown>>(token, info.path) }))
      .catch(() => setState('dead'));
  }, [token]);
  if (state === 'loading') return <main className="boot" />;
  if (state === 'dead') return <main className="page"><p role="alert" data-testid="shared-dead">{t('share.dead')}</p></main>;
  return (
    <main className="page" data-testid="shared-page">
      <div className="page__head"><h1><bdi>{state.info.workspace.name}</bdi> · {state.info.view}</h1></div>
      <p className="muted">{t('share.readOnly', { workspace: state.info.workspace.name, until: state.info.expires_at.slice(0, 10) })}</p>
      <section className="card"><RowsTable answer={state.answer} /></section>
    </main>
  );
}
