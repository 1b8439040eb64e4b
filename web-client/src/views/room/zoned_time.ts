// Times and days of the record as the body lived them: in the body's time zone (the minutes say
// which), in the reader's language.

import type { Language } from '../../i18n/i18n';

export interface ZonedFormat {
  time: (ms: number) => string; // 2:05 PM
  dateTime: (ms: number) => string; // Nov 26, 2026, 2:05 PM
  day: (isoDate: string) => string; // "2026-12-07" → Monday, December 7, 2026
}

function safe(locale: string, options: Intl.DateTimeFormatOptions, zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone || 'America/Denver' });
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'America/Denver' });
  }
}

export function zonedFormat(language: Language, zone: string): ZonedFormat {
  const locale = language === 'es' ? 'es-MX' : 'en-US';
  const time = safe(locale, { hour: 'numeric', minute: '2-digit' }, zone);
  const dateTime = safe(locale, { dateStyle: 'medium', timeStyle: 'short' }, zone);
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  return {
    time: (ms) => time.format(new Date(ms)),
    dateTime: (ms) => dateTime.format(new Date(ms)),
    day: (iso) => {
      const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : null;
      return d && !Number.isNaN(d.getTime()) ? day.format(d) : iso;
    },
  };
}
