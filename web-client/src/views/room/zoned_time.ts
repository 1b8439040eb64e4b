// Times and days of the record as the body lived them: in the body's time zone (the join's ack
// and the minutes say which), in the reader's language, saying which zone ("10:02 AM MST"), so
// a browser set to another zone never shows another time for the same event.

import type { Language } from '../../i18n/i18n';

export interface ZonedFormat {
  time: (ms: number) => string; // 2:05 PM MST
  dateTime: (ms: number) => string; // Nov 26, 2026, 2:05 PM MST
  /** When a meeting is called for: Thursday, December 10, 2026 at 2:00 PM MST (jueves, 10 de diciembre de 2026, 2:00 p.m. MST). */
  full: (ms: number) => string;
  day: (isoDate: string) => string; // "2026-12-07" → Monday, December 7, 2026
}

/** The zone named, or the server's default (America/Denver) when it is empty or unknown here. */
export function knownZone(zone: string): string {
  if (!zone) return 'America/Denver';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'America/Denver';
  }
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
  const z = knownZone(zone);
  const time = safe(locale, { hour: 'numeric', minute: '2-digit' }, z);
  const dateTime = safe(locale, { dateStyle: 'medium', timeStyle: 'short' }, z);
  const full = safe(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' }, z);
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  return {
    time: (ms) => `${time.format(new Date(ms))} ${zoneAbbreviation(z, ms, language)}`,
    dateTime: (ms) => `${dateTime.format(new Date(ms))} ${zoneAbbreviation(z, ms, language)}`,
    full: (ms) => `${full.format(new Date(ms))} ${zoneAbbreviation(z, ms, language)}`,
    day: (iso) => {
      const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : null;
      return d && !Number.isNaN(d.getTime()) ? day.format(d) : iso;
    },
  };
}

/**
 * The zone's short name at `ms` ("MST", "MDT"), in both languages: New Mexico's Spanish-speaking
 * public reads "MST" too, where the Spanish locale would only say "GMT-7". A zone without a
 * common abbreviation keeps its offset ("GMT+9").
 */
export function zoneAbbreviation(zone: string, ms: number, _language: Language = 'en'): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(ms));
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/** A session's day and hours in the body's zone: "Tuesday, December 1, 2026, 4:00 PM – 5:00 PM MST". */
export function sessionSpan(language: Language, zone: string, startsMs: number, endsMs: number): string {
  const locale = language === 'es' ? 'es-MX' : 'en-US';
  const day = safe(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, zone).format(new Date(startsMs));
  const time = safe(locale, { hour: 'numeric', minute: '2-digit' }, zone);
  const sameDay = day === safe(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, zone).format(new Date(endsMs));
  const end = sameDay ? time.format(new Date(endsMs)) : safe(locale, { dateStyle: 'medium', timeStyle: 'short' }, zone).format(new Date(endsMs));
  return `${day}, ${time.format(new Date(startsMs))} – ${end} ${zoneAbbreviation(zone, startsMs, language)}`;
}
