/**
 * First purchases per day: each customer counts once, on the date of their
 * earliest sale (give every sale up to the range's end, so customers who
 * bought before the range are not new in it).
 * @example firstPurchasesByDay([{ customer_id: 'a', date: '2026-01-02' }, { customer_id: 'a', date: '2026-01-05' }])
 * // Map { '2026-01-02' => 1 }
 */
export function firstPurchasesByDay(transactions: readonly { customer_id: string; date: string }[]): Map<string, number> {
  const first = new Map<string, string>();
  for (const t of transactions) {
    const seen = first.get(t.customer_id);
    if (seen === undefined || t.date < seen) first.set(t.customer_id, t.date);
  }
  const byDay = new Map<string, number>();
  for (const date of first.values()) byDay.set(date, (byDay.get(date) ?? 0) + 1);
  return byDay;
}
