import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { saveText, toCsv } from '../lib/tables/csv';
import { nextSort, sortRows, type SortState } from '../lib/tables/sort';

export interface Column<T> {
  key: string;
  label: string;
  /** Numbers are end-aligned with tabular figures and sort biggest-first on first click. */
  numeric?: boolean;
  /** Tooltip for the header (e.g. the metric's description). */
  title?: string;
  render?: (row: T) => ReactNode;
  sortable?: boolean;
  /** The value written to the CSV export (default: the row's raw `key` field). */
  csv?: (row: T) => unknown;
}

interface DataTableProps<T> {
  rows: readonly T[];
  columns: Column<T>[];
  testId: string;
  caption?: string;
  rowKey: (row: T, index: number) => string;
  initialSort?: SortState;
  /** A totals row rendered after the body (not sorted). */
  footer?: T;
  footerLabel?: string;
  /** File name of the CSV export, without `.csv` (default: testId). */
  csvName?: string;
}

/**
 * A table whose headers sort it: click a header to sort by that column,
 * again to reverse. Each header button has `data-testid="<testId>-sort-<key>"`,
 * each body row `<testId>-row`, each cell `data-key` and its raw `data-value`.
 * `<testId>-csv` downloads the rows in their current sort as CSV (raw values).
 */
export function DataTable<T extends object>({
  rows,
  columns,
  testId,
  caption,
  rowKey,
  initialSort,
  footer,
  footerLabel,
  csvName,
}: DataTableProps<T>) {
  const { t } = useI18n();
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null);
  const sorted = useMemo(() => (sort ? sortRows(rows, sort) : [...rows]), [rows, sort]);

  const cell = (row: T, column: Column<T>) => {
    const raw = (row as Record<string, unknown>)[column.key];
    const content = column.render ? column.render(row) : raw === null || raw === undefined ? '—' : String(raw);
    return (
      <td
        key={column.key}
        className={column.numeric ? 'num' : undefined}
        data-key={column.key}
        data-value={typeof raw === 'number' || typeof raw === 'string' ? String(raw) : ''}
      >
        {content}
      </td>
    );
  };

  const download = () =>
    saveText(
      `${csvName ?? testId}.csv`,
      toCsv(
        columns.map((column) => ({ key: column.key, value: column.csv as ((row: never) => unknown) | undefined })),
        footer ? [...sorted, { ...footer, [columns[0]?.key ?? 'total']: 'total' }] : sorted,
      ),
    );

  return (
    <div className="table-block">
      {sorted.length > 0 ? (
        <div className="table-tools">
          <button type="button" className="button button--quiet button--small" data-testid={`${testId}-csv`} onClick={download}>
            {t('table.download')}
          </button>
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="table" data-testid={testId}>
          {caption ? <caption className="visually-hidden">{caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((column) => {
                const active = sort?.key === column.key;
                const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
                return (
                  <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={ariaSort} title={column.title}>
                    {column.sortable === false ? (
                      column.label
                    ) : (
                      <button
                        type="button"
                        className="sort-button"
                        data-testid={`${testId}-sort-${column.key}`}
                        onClick={() => setSort((current) => nextSort(current, column.key, Boolean(column.numeric)))}
                      >
                        {column.label}
                        <span className="sort-indicator" aria-hidden="true">
                          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                        </span>
                        {active ? (
                          <span className="visually-hidden">
                            {sort.direction === 'asc' ? t('table.sortAsc') : t('table.sortDesc')}
                          </span>
                        ) : null}
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="table__empty">
                  {t('table.empty')}
                </td>
              </tr>
            ) : (
              sorted.map((row, index) => (
                <tr key={rowKey(row, index)} data-testid={`${testId}-row`}>
                  {columns.map((column) => cell(row, column))}
                </tr>
              ))
            )}
          </tbody>
          {footer ? (
            <tfoot>
              <tr data-testid={`${testId}-total`}>
                {columns.map((column, index) =>
                  index === 0 && footerLabel ? (
                    <th key={column.key} scope="row">
                      {footerLabel}
                    </th>
                  ) : (
                    cell(footer, column)
                  ),
                )}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </div>
  );
}
