// Texts the server writes for people (a notice's findings…) come with a message key and its
// arguments beside the English text, and the server serves the catalog of those keys in each
// language (GET /api/messages/<lang> → {"lang","messages":{"<key>":"<ICU MessageFormat>"}}). The
// client words them with the formatter of its own messages (plurals by the language's rule), and
// shows the server's English text whenever it cannot: no catalog (an older server, offline), a
// key the catalog lacks, a pattern it cannot parse, or an argument the pattern names and the
// server did not send. An argument may itself be a message of the catalog (`{"key","args"}`:
// "12 days 12 h", "10 days"), worded first in the same language; if it cannot be, neither can
// the message that holds it.

import { zonedFormat } from '../views/room/zoned_time';
import { localeOf, type Language } from './i18n';
import { argumentNames, formatMessage, MessageSyntaxError, parseMessage, type Args } from './message_format';

/** A message of the server's catalog given as an argument of another. */
export interface ServerMessageRef {
  key: string;
  args: ServerArgs;
}

export type ServerArgs = Record<string, string | number | ServerMessageRef>;

/** One text the server wrote for people, with its key when it sent one. */
export interface ServerText {
  /** The server's English, shown when nothing better can be. */
  text: string;
  key: string | null;
  args: ServerArgs;
}

export interface ServerCatalog {
  lang: Language;
  messages: Record<string, string>;
}

/** A catalog from the server's answer for `lang`, or null when the answer is not one. */
export function catalogOf(answer: unknown, lang: Language): ServerCatalog | null {
  const a = answer as { lang?: unknown; messages?: unknown } | null;
  if (!a || a.lang !== lang || !a.messages || typeof a.messages !== 'object' || Array.isArray(a.messages)) return null;
  const messages: Record<string, string> = {};
  for (const [key, pattern] of Object.entries(a.messages as Record<string, unknown>)) if (typeof pattern === 'string') messages[key] = pattern;
  return { lang, messages };
}

/** The arguments the server sent: strings, numbers and (to a few levels) messages; nothing else. */
function argsOf(value: unknown, depth = 0): ServerArgs {
  const args: ServerArgs = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return args;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') args[name] = v;
    else if (depth < 4 && v && typeof v === 'object' && typeof (v as { key?: unknown }).key === 'string') {
      args[name] = { key: (v as { key: string }).key, args: argsOf((v as { args?: unknown }).args, depth + 1) };
    }
  }
  return args;
}

/**
 * The server's English texts with the keys sent beside them (`findings` and `finding_keys`), one
 * for one in order. When the keys do not match the texts one for one (an older server sends none),
 * the texts stand alone.
 */
export function serverTextsOf(texts: unknown, keys: unknown): ServerText[] {
  const english = Array.isArray(texts) ? texts.filter((x): x is string => typeof x === 'string') : [];
  const keyed = Array.isArray(keys) && keys.length === english.length ? keys : null;
  return english.map((text, i) => {
    const k = keyed?.[i] as { key?: unknown; args?: unknown } | undefined;
    return { text, key: k && typeof k.key === 'string' ? k.key : null, args: argsOf(k?.args) };
  });
}

/**
 * The arguments as the pattern receives them: an argument whose name ends in `_ms` is an instant
 * (UTC milliseconds), worded as a full date and time in the body's zone and the reader's language.
 */
function wordedArgs(args: ServerArgs, lang: Language, zone: string, catalog: ServerCatalog): Args | null {
  const fmt = zonedFormat(lang, zone);
  const out: Args = {};
  for (const [name, v] of Object.entries(args)) {
    if (typeof v === 'object') {
      const worded = fromCatalog(v.key, v.args, lang, zone, catalog);
      if (worded === null) return null;
      out[name] = worded;
    } else out[name] = name.endsWith('_ms') && typeof v === 'number' ? fmt.full(v) : v;
  }
  return out;
}

/** The message worded from the catalog, or null when it cannot be (see the top of this file). */
function fromCatalog(key: string, args: ServerArgs, lang: Language, zone: string, catalog: ServerCatalog): string | null {
  const pattern = catalog.messages[key];
  if (pattern === undefined) return null;
  try {
    const parsed = parseMessage(pattern);
    if (argumentNames(parsed).some((name) => !(name in args))) return null;
    const worded = wordedArgs(args, lang, zone, catalog);
    return worded === null ? null : formatMessage(parsed, worded, localeOf(lang));
  } catch (e) {
    if (e instanceof MessageSyntaxError) return null;
    throw e;
  }
}

/** The message in the reader's language when the catalog words it, and the language it came out in. */
export function wordServerMessage(message: ServerText, lang: Language, zone: string, catalog: ServerCatalog | null): { text: string; lang: Language } {
  const english = { text: message.text, lang: 'en' as Language };
  if (!message.key || !catalog || catalog.lang !== lang) return english;
  const text = fromCatalog(message.key, message.args, lang, zone, catalog);
  return text === null ? english : { text, lang };
}

/** The message in the reader's language, or the server's English text (see wordServerMessage). */
export function renderServerMessage(message: ServerText, lang: Language, zone: string, catalog: ServerCatalog | null): string {
  return wordServerMessage(message, lang, zone, catalog).text;
}
