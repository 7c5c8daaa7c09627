/**
 * Strings of the Agency page (issue 15): every workspace side by side in its own currency and in a
 * chosen one; spread into each locale's table.
 */
export const agencyEn = {
  'agency.title': 'Agency',
  'agency.intro': 'Every workspace you can see, side by side: figures in each one’s own currency and converted into the currency you choose through the installation’s rates table.',
  'agency.currency': 'Convert into',
  'agency.workspace': 'Workspace',
  'agency.own': '{metric} (own currency)',
  'agency.converted': '{metric} ({currency})',
  'agency.total': 'All workspaces ({currency})',
  'agency.rates': 'Rates used (the {workspace} workspace’s table, quoted in {base})',
  'agency.noRates': 'No conversion needed: every workspace is in {currency}.',
  'agency.warnings': 'Warnings',
  'agency.archived': 'archived',
} as const;

export const agencyFa = {
  'agency.title': 'آژانس',
  'agency.intro': 'همهٔ فضاهای کاری که می‌بینید، کنار هم: ارقام به ارز خود هر کدام و تبدیل‌شده به ارزی که انتخاب می‌کنید، با جدول نرخ‌های نصب.',
  'agency.currency': 'تبدیل به',
  'agency.workspace': 'فضای کاری',
  'agency.own': '{metric} (ارز خود)',
  'agency.converted': '{metric} ({currency})',
  'agency.total': 'همهٔ فضاهای کاری ({currency})',
  'agency.rates': 'نرخ‌های به‌کاررفته (جدول فضای کاری {workspace}، بر پایهٔ {base})',
  'agency.noRates': 'تبدیلی لازم نیست: همهٔ فضاهای کاری به {currency} هستند.',
  'agency.warnings': 'هشدارها',
  'agency.archived': 'بایگانی‌شده',
} as const;

export const agencyVi = {
  'agency.title': 'Đại lý',
  'agency.intro': 'Mọi không gian làm việc bạn xem được, đặt cạnh nhau: số liệu theo tiền tệ riêng của từng nơi và quy đổi sang tiền tệ bạn chọn theo bảng tỷ giá của hệ thống.',
  'agency.currency': 'Quy đổi sang',
  'agency.workspace': 'Không gian làm việc',
  'agency.own': '{metric} (tiền tệ riêng)',
  'agency.converted': '{metric} ({currency})',
  'agency.total': 'Tất cả không gian làm việc ({currency})',
  'agency.rates': 'Tỷ giá đã dùng (bảng của không gian {workspace}, tính theo {base})',
  'agency.noRates': 'Không cần quy đổi: mọi không gian làm việc đều dùng {currency}.',
  'agency.warnings': 'Cảnh báo',
  'agency.archived': 'đã lưu trữ',
} as const;
