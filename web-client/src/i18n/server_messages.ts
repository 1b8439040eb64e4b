// Texts the server writes for people (a notice's findings…) come with a message key and its
// arguments beside the English text, and the server serves the catalog of those keys in each
// language (GET /api/messages/<lang> → {"lang","messages":{"<key>":"<ICU MessageFormat>"}}). The
// client words them with the formatter of its own messages (plurals by the language's rule), and
// shows the server's English text whenever it cannot: no catalog (an older server, offline), a
// key the catalog lacks, a pattern it cannot parse, or an argument the pattern names and the
// server did not send.

import { zonedFormat } from '../views/room/zoned_time';
import { localeOf, type Language } from './i18n';
import { argumentNames, formatMessage, MessageSyntaxError, parseMessage, type Args } from './message_format';

export type ServerArgs = Record<string, string | number>;

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

function argsOf(value: unknown): ServerArgs {
  const args: ServerArgs = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return args;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') args[name] = v;
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
function wordedArgs(args: ServerArgs, lang: Language, zone: string): Args {
  const fmt = zonedFormat(lang, zone);
  const out: Args = {};
  for (const [name, v] of Object.entries(args)) out[name] = name.endsWith('_ms') && typeof v === 'number' ? fmt.full(v) : v;
  return out;
}

/** The message in the reader's language when the catalog words it, and the language it came out in. */
export function wordServerMessage(message: ServerText, lang: Language, zone: string, catalog: ServerCatalog | null): { text: string; lang: Language } {
  const english = { text: message.text, lang: 'en' as Language };
  const pattern = message.key && catalog?.lang === lang ? catalog.messages[message.key] : undefined;
  if (pattern === undefined) return english;
  try {
    const parsed = parseMessage(pattern);
    if (argumentNames(parsed).some((name) => !(name in message.args))) return english;
    return { text: formatMessage(parsed, wordedArgs(message.args, lang, zone), localeOf(lang)), lang };
  } catch (e) {
    if (e instanceof MessageSyntaxError) return english;
    throw e;
  }
}

/** The message in the reader's language, or the server's English text (see wordServerMessage). */
export function renderServerMessage(message: ServerText, lang: Language, zone: string, catalog: ServerCatalog | null): string {
  return wordServerMessage(message, lang, zone, catalog).text;
}
