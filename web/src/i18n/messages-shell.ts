/**
 * Strings of the shell around every page (issue 14): the header and the line under the navigation
 * that says how fresh the page's figures are, and the demo loading screen's summaries step; spread into
 * each locale's table.
 */
export const shellEn = {
  'header.switchWorkspace': 'Switch workspace',
  'header.archived': 'archived',
  'nav.agency': 'Agency',
  'header.locale': 'Language',
  'header.signOut': 'Sign out',
  'header.workspace': 'Workspace',
  'header.dataRange': 'Data: {from} – {to}',
  'header.noData': 'No data yet',
  'freshness.asOf': 'Figures up to date as of {at}',
  'freshness.through': 'Figures include data through {date}',
  'demoLoading.summaries': 'Building the summaries of the demo world…',
} as const;

export const shellFa = {
  'header.switchWorkspace': 'تغییر فضای کاری',
  'header.archived': 'بایگانی‌شده',
  'nav.agency': 'آژانس',
  'header.locale': 'زبان',
  'header.signOut': 'خروج',
  'header.workspace': 'فضای کاری',
  'header.dataRange': 'داده‌ها: {from} تا {to}',
  'header.noData': 'هنوز داده‌ای نیست',
  'freshness.asOf': 'ارقام به‌روز تا {at}',
  'freshness.through': 'ارقام شامل داده‌ها تا {date}',
  'demoLoading.summaries': 'در حال ساختن خلاصه‌های دنیای نمایشی…',
} as const;

export const shellVi = {
  'header.switchWorkspace': 'Chuyển không gian làm việc',
  'header.archived': 'đã lưu trữ',
  'nav.agency': 'Đại lý',
  'header.locale': 'Ngôn ngữ',
  'header.signOut': 'Đăng xuất',
  'header.workspace': 'Không gian làm việc',
  'header.dataRange': 'Dữ liệu: {from} – {to}',
  'header.noData': 'Chưa có dữ liệu',
  'freshness.asOf': 'Số liệu cập nhật đến {at}',
  'freshness.through': 'Số liệu gồm dữ liệu đến hết {date}',
  'demoLoading.summaries': 'Đang dựng các bản tổng hợp của thế giới demo…',
} as const;
