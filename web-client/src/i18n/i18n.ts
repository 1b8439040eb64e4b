// Translating: t(key, {params}) in the chosen language, which the reader switches at any time and
// the browser remembers. Nothing the app shows is written outside en.ts and es.ts. Messages are
// ICU MessageFormat (message_format.ts): a count beside a noun is a plural, chosen by the
// language's own rule.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type MessageKey } from './en';
import { es } from './es';
import { formatPattern } from './message_format';
import type { ServerText } from './server_messages';

export type Language = 'en' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'es'];
export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, es };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** The locale whose plural rule, numbers and dates a language uses (New Mexico's Spanish is Mexico's). */
export function localeOf(language: Language): string {
  return language === 'es' ? 'es-MX' : 'en-US';
}

export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  const locale = localeOf(language);
  return (key, params) => formatPattern(dictionary[key] ?? en[key] ?? key, params, locale);
}

/** Whether `key` is a message (for keys built from a server's code or type). */
export function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

const STORAGE_KEY = 'collegial.language';

export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'es') return saved;
  } catch {
    // no storage: fall through
  }
  const preferred = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return preferred.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // the choice lasts as long as the page
  }
}

export interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
  /** A time of day in the reader's language (in a room, in the body's zone, named). */
  time: (ms: number) => string;
  /** A full date and time in the reader's language, its zone named (in a room, the body's). */
  dateTime: (ms: number) => string;
  /**
   * A text the server wrote for people, in the reader's language when the server's catalog words
   * it (in a room), else its English; `lang` says which, for the element's lang attribute.
   */
  serverText: (message: ServerText) => { text: string; lang: Language };
}

export const I18nContext = createContext<I18n>({
  language: 'en',
  t: translator('en'),
  setLanguage: () => undefined,
  time: (ms) => new Date(ms).toLocaleTimeString('en-US'),
  dateTime: (ms) => new Date(ms).toString(),
  serverText: (m) => ({ text: m.text, lang: 'en' }),
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
