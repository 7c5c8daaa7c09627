/**
 * The statement's words in the partner's language (issue 16: en, fa, vi). A small table of its own:
 * the dashboard's catalogues live in `web/`, which the server may not import.
 */
export const statementLanguages = ['en', 'fa', 'vi'] as const;
export type StatementLanguage = (typeof statementLanguages)[number];

export interface StatementMessages {
  title: string;
  partner: string;
  program: string;
  period: string;
  issued: string;
  entries: string;
  noEntries: string;
  date: string;
  kind: string;
  order: string;
  status: string;
  reason: string;
  amount: string;
  totals: string;
  earned: string;
  reversedTotal: string;
  net: string;
  byStatus: string;
  payouts: string;
  noPayouts: string;
  paidOut: string;
  kinds: Record<'commission' | 'reversal' | 'clawback' | 'payout' | 'adjustment', string>;
  statuses: Record<'pending' | 'approved' | 'paid' | 'reversed' | 'held', string>;
}

export const statementMessages: Record<StatementLanguage, StatementMessages> = {
  en: {
    title: 'Partner statement',
    partner: 'Partner',
    program: 'Programme',
    period: 'Period',
    issued: 'Issued',
    entries: 'Entries',
    noEntries: 'No entries in this period.',
    date: 'Date',
    kind: 'Kind',
    order: 'Order',
    status: 'Status',
    reason: 'Reason',
    amount: 'Amount',
    totals: 'Totals',
    earned: 'Earned',
    reversedTotal: 'Reversed and clawed back',
    net: 'Net',
    byStatus: 'Net by status',
    payouts: 'Payouts',
    noPayouts: 'No payouts in this period.',
    paidOut: 'Paid out',
    kinds: { commission: 'Commission', reversal: 'Reversal', clawback: 'Clawback', payout: 'Payout', adjustment: 'Adjustment' },
    statuses: { pending: 'Pending', approved: 'Approved', paid: 'Paid', reversed: 'Reversed', held: 'Held for review' },
  },
  fa: {
    title: 'صورت‌حساب همکار',
    partner: 'همکار',
    program: 'برنامه',
    period: 'دوره',
    issued: 'تاریخ صدور',
    entries: 'ردیف‌ها',
    noEntries: 'در این دوره ردیفی نیست.',
    date: 'تاریخ',
    kind: 'نوع',
    order: 'سفارش',
    status: 'وضعیت',
    reason: 'دلیل',
    amount: 'مبلغ',
    totals: 'جمع‌ها',
    earned: 'درآمد',
    reversedTotal: 'برگشتی و کسرشده',
    net: 'خالص',
    byStatus: 'خالص بر پایهٔ وضعیت',
    payouts: 'پرداخت‌ها',
    noPayouts: 'در این دوره پرداختی نبوده است.',
    paidOut: 'پرداخت‌شده',
    kinds: { commission: 'پورسانت', reversal: 'برگشت', clawback: 'کسر از پرداخت', payout: 'پرداخت', adjustment: 'اصلاحیه' },
    statuses: { pending: 'در انتظار', approved: 'تأییدشده', paid: 'پرداخت‌شده', reversed: 'برگشت‌خورده', held: 'در انتظار بررسی' },
  },
  vi: {
    title: 'Bảng kê đối tác',
    partner: 'Đối tác',
    program: 'Chương trình',
    period: 'Kỳ',
    issued: 'Ngày lập',
    entries: 'Các khoản',
    noEntries: 'Không có khoản nào trong kỳ này.',
    date: 'Ngày',
    kind: 'Loại',
    order: 'Đơn hàng',
    status: 'Trạng thái',
    reason: 'Lý do',
    amount: 'Số tiền',
    totals: 'Tổng cộng',
    earned: 'Đã kiếm',
    reversedTotal: 'Đã hoàn và thu hồi',
    net: 'Thực nhận',
    byStatus: 'Thực nhận theo trạng thái',
    payouts: 'Các lần thanh toán',
    noPayouts: 'Không có lần thanh toán nào trong kỳ này.',
    paidOut: 'Đã thanh toán',
    kinds: { commission: 'Hoa hồng', reversal: 'Hoàn lại', clawback: 'Thu hồi', payout: 'Thanh toán', adjustment: 'Điều chỉnh' },
    statuses: { pending: 'Đang chờ', approved: 'Đã duyệt', paid: 'Đã trả', reversed: 'Đã hoàn', held: 'Chờ xem xét' },
  },
};
