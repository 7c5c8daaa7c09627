import type { Properties } from './event.js';

/** Device class from the user agent: 'tablet', 'mobile' or 'desktop'. */
export function deviceType(userAgent: string): string {
  return /iPad|Tablet|Android(?!.*Mobi)/i.test(userAgent) ? 'tablet' : /Mobi|iPhone|Android/i.test(userAgent) ? 'mobile' : 'desktop';
}

/** Screen, language, time zone and device hints sent with every page view. */
export function pageContext(): Properties {
  // Every browser that runs the ES2022 snippet has Intl time zones.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    title: document.title,
    screen: screen.width + 'x' + screen.height,
    language: navigator.language,
    time_zone: timeZone,
    device: deviceType(navigator.userAgent),
  };
}
