/**
 * Strings of the Settings › Privacy section (issue 12 #14), spread into each locale's table
 * (kept apart so the section's strings travel together).
 */
export const privacyEn = {
  'privacy.title': 'Privacy',
  'privacy.help': 'E-mail addresses and phone numbers are never stored: only a keyed hash of them. Raw events older than the retention period are deleted every hour; orders and leads are kept.',
  'privacy.retention': 'Keep raw events for (days)',
  'privacy.retentionForever': 'Forever',
  'privacy.retentionHelp': 'Leave empty to keep events forever.',
  'privacy.saved': 'Saved.',
  'privacy.erase': 'Erase a person',
  'privacy.eraseId': 'User id, anonymous id or e-mail address',
  'privacy.eraseButton': 'Erase…',
  'privacy.eraseConfirm': 'Every event, order and lead of {id} and of every device linked to it will be deleted for good. This cannot be undone.',
  'privacy.eraseConfirmButton': 'Erase for good',
  'privacy.cancel': 'Cancel',
  'privacy.erased': 'Erased {events} events, {orders} orders and {leads} leads.',
} as const;

type PrivacyMessages = Record<keyof typeof privacyEn, string>;

export const privacyFa: PrivacyMessages = {
  'privacy.title': 'حریم خصوصی',
  'privacy.help': 'نشانی‌های ایمیل و شماره‌های تلفن هرگز ذخیره نمی‌شوند؛ فقط هش کلیددار آن‌ها. رویدادهای خام قدیمی‌تر از دورهٔ نگهداری هر ساعت حذف می‌شوند؛ سفارش‌ها و سرنخ‌ها می‌مانند.',
  'privacy.retention': 'نگهداری رویدادهای خام (روز)',
  'privacy.retentionForever': 'برای همیشه',
  'privacy.retentionHelp': 'برای نگهداری همیشگی خالی بگذارید.',
  'privacy.saved': 'ذخیره شد.',
  'privacy.erase': 'پاک کردن یک شخص',
  'privacy.eraseId': 'شناسهٔ کاربر، شناسهٔ ناشناس یا نشانی ایمیل',
  'privacy.eraseButton': 'پاک کردن…',
  'privacy.eraseConfirm': 'همهٔ رویدادها، سفارش‌ها و سرنخ‌های {id} و هر دستگاه مرتبط با آن برای همیشه حذف می‌شوند. این کار برگشت‌پذیر نیست.',
  'privacy.eraseConfirmButton': 'برای همیشه پاک کن',
  'privacy.cancel': 'انصراف',
  'privacy.erased': '{events} رویداد، {orders} سفارش و {leads} سرنخ پاک شد.',
};

export const privacyVi: PrivacyMessages = {
  'privacy.title': 'Quyền riêng tư',
  'privacy.help': 'Địa chỉ e-mail và số điện thoại không bao giờ được lưu: chỉ lưu giá trị băm có khóa của chúng. Sự kiện thô cũ hơn thời hạn lưu giữ bị xóa mỗi giờ; đơn hàng và khách hàng tiềm năng được giữ lại.',
  'privacy.retention': 'Giữ sự kiện thô trong (ngày)',
  'privacy.retentionForever': 'Mãi mãi',
  'privacy.retentionHelp': 'Để trống để giữ sự kiện mãi mãi.',
  'privacy.saved': 'Đã lưu.',
  'privacy.erase': 'Xóa một người',
  'privacy.eraseId': 'Mã người dùng, mã ẩn danh hoặc địa chỉ e-mail',
  'privacy.eraseButton': 'Xóa…',
  'privacy.eraseConfirm': 'Mọi sự kiện, đơn hàng và khách hàng tiềm năng của {id} và của mọi thiết bị liên kết sẽ bị xóa vĩnh viễn. Không thể hoàn tác.',
  'privacy.eraseConfirmButton': 'Xóa vĩnh viễn',
  'privacy.cancel': 'Hủy',
  'privacy.erased': 'Đã xóa {events} sự kiện, {orders} đơn hàng và {leads} khách hàng tiềm năng.',
};
