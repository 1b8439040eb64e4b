// ICU MessageFormat, the part Collegial's messages (ours in en.ts and es.ts, and the server's
// catalog) use: `{name}` arguments, `{n, number}` (with the style `integer`, or the skeleton
// tokens `group-off` and `precision-integer`: `{n, number, ::group-off}`), `{n, plural, …}` and
// `{n, selectordinal, …}`
// with `#`, `=N` branches and `offset:`, and `{x, select, …}`. The plural category comes from the
// language's CLDR rule through Intl.PluralRules, so English says "1 abstention, 0 abstentions" and
// Spanish "1 abstención, 0 abstenciones" without a single `n === 1` in the app. Why not the
// intl-messageformat package: web-client/README.md, "Why these libraries".
//
// Quoting is ICU's: `''` is one apostrophe, and an apostrophe starts quoted text only before a
// brace (or `#` inside a plural), so "the body's clerk" needs no escaping.

export type Args = Record<string, string | number>;

type Branches = Map<string, Part[]>;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'argument'; name: string }
  | { kind: 'number'; name: string; options: NumberOptions }
  /** `#` inside a plural: the enclosing plural's number (less its offset). */
  | { kind: 'pound' }
  | { kind: 'plural'; name: string; ordinal: boolean; offset: number; branches: Branches }
  | { kind: 'select'; name: string; branches: Branches };

/** A number argument's style: the options of Intl.NumberFormat it asks for. */
interface NumberOptions {
  useGrouping?: boolean;
  maximumFractionDigits?: number;
}

/** `integer`, or a skeleton (`::group-off precision-integer`); null for a style not supported. */
function numberStyle(style: string): NumberOptions | null {
  if (style === 'integer') return { maximumFractionDigits: 0 };
  if (!style.startsWith('::')) return null;
  const options: NumberOptions = {};
  for (const token of style.slice(2).trim().split(/\s+/)) {
    if (token === 'group-off') options.useGrouping = false;
    else if (token === 'precision-integer') options.maximumFractionDigits = 0;
    else return null;
  }
  return options;
}

/** A parsed message. */
export type Message = readonly Part[];

export class MessageSyntaxError extends Error {
  constructor(pattern: string, at: number, what: string) {
    super(`${what} at ${at} in "${pattern}"`);
    this.name = 'MessageSyntaxError';
  }
}

/** Parses a pattern; throws MessageSyntaxError when it is not valid MessageFormat. */
export function parseMessage(pattern: string): Message {
  return new Parser(pattern).parse();
}

class Parser {
  private at = 0;

  constructor(private readonly pattern: string) {}

  parse(): Message {
    const parts = this.message(false);
    if (this.at < this.pattern.length) this.fail('a } that closes nothing');
    return parts;
  }

  /** Text and arguments up to an unmatched `}` or the end; `inPlural` makes `#` the number. */
  private message(inPlural: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.at < this.pattern.length) {
      const c = this.pattern[this.at]!;
      if (c === '}') break;
      if (c === '{') {
        flush();
        parts.push(this.argument(inPlural));
      } else if (c === '#' && inPlural) {
        flush();
        parts.push({ kind: 'pound' });
        this.at++;
      } else if (c === "'") {
        text += this.apostrophe(inPlural);
      } else {
        text += c;
        this.at++;
      }
    }
    flush();
    return parts;
  }

  /** An apostrophe: `''` is one; before a syntax character it quotes up to the next lone one. */
  private apostrophe(inPlural: boolean): string {
    const next = this.pattern[this.at + 1];
    if (next === "'") {
      this.at += 2;
      return "'";
    }
    if (next !== '{' && next !== '}' && next !== '|' && !(next === '#' && inPlural)) {
      this.at++;
      return "'";
    }
    let quoted = '';
    this.at++;
    while (this.at < this.pattern.length) {
      const c = this.pattern[this.at]!;
      if (c === "'" && this.pattern[this.at + 1] === "'") {
        quoted += "'";
        this.at += 2;
      } else if (c === "'") {
        this.at++;
        return quoted;
      } else {
        quoted += c;
        this.at++;
      }
    }
    return quoted; // unclosed: quoted to the end, as ICU does
  }

  private argument(inPlural: boolean): Part {
    this.expect('{');
    const name = this.word('an argument name');
    if (this.take('}')) return { kind: 'argument', name };
    this.expect(',');
    const type = this.word('an argument type');
    if (type === 'number') {
      if (this.take('}')) return { kind: 'number', name, options: {} };
      this.expect(',');
      const start = this.at;
      const end = this.pattern.indexOf('}', start);
      if (end < 0) this.fail('a number style without its }');
      const style = this.pattern.slice(start, end).trim();
      const options = numberStyle(style);
      if (!options) this.fail(`unsupported number style "${style}"`);
      this.at = end + 1;
      return { kind: 'number', name, options: options! };
    }
    if (type !== 'plural' && type !== 'selectordinal' && type !== 'select') this.fail(`unknown argument type "${type}"`);
    this.expect(',');
    if (type === 'select') {
      const branches = this.branches(inPlural, /^[\w-]+/);
      return { kind: 'select', name, branches };
    }
    this.skipSpace();
    let offset = 0;
    if (this.pattern.startsWith('offset:', this.at)) {
      this.at += 'offset:'.length;
      offset = Number(this.word('an offset'));
      if (!Number.isInteger(offset)) this.fail('an offset that is not a whole number');
    }
    const branches = this.branches(true, /^(=-?\d+(\.\d+)?|[a-z]+)/);
    return { kind: 'plural', name, ordinal: type === 'selectordinal', offset, branches };
  }

  /** `key {message}` pairs up to the argument's closing brace; `other` is required. */
  private branches(inPlural: boolean, key: RegExp): Branches {
    const branches: Branches = new Map();
    for (;;) {
      this.skipSpace();
      if (this.take('}')) break;
      const selector = key.exec(this.pattern.slice(this.at))?.[0];
      if (!selector) this.fail('a branch key');
      this.at += selector.length;
      this.skipSpace();
      this.expect('{');
      branches.set(selector, this.message(inPlural));
      this.expect('}');
    }
    if (!branches.has('other')) this.fail('no "other" branch');
    return branches;
  }

  private word(what: string): string {
    this.skipSpace();
    const word = /^[\w-]+/.exec(this.pattern.slice(this.at))?.[0];
    if (!word) this.fail(`expected ${what}`);
    this.at += word.length;
    this.skipSpace();
    return word;
  }

  private skipSpace(): void {
    while (/\s/.test(this.pattern[this.at] ?? '')) this.at++;
  }

  private take(c: string): boolean {
    this.skipSpace();
    if (this.pattern[this.at] !== c) return false;
    this.at++;
    return true;
  }

  private expect(c: string): void {
    if (!this.take(c)) this.fail(`expected "${c}"`);
  }

  private fail(what: string): never {
    throw new MessageSyntaxError(this.pattern, this.at, what);
  }
}

/** Every argument a message names, nested ones included, sorted, each once. */
export function argumentNames(message: Message): string[] {
  const names = new Set<string>();
  const visit = (parts: readonly Part[]) => {
    for (const p of parts) {
      if (p.kind === 'text' || p.kind === 'pound') continue;
      names.add(p.name);
      if (p.kind === 'plural' || p.kind === 'select') for (const b of p.branches.values()) visit(b);
    }
  };
  visit(message);
  return [...names].sort();
}

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function rules(locale: string, ordinal: boolean): Intl.PluralRules {
  const key = `${locale}/${ordinal ? 'ordinal' : 'cardinal'}`;
  let r = pluralRules.get(key);
  if (!r) pluralRules.set(key, (r = new Intl.PluralRules(locale, { type: ordinal ? 'ordinal' : 'cardinal' })));
  return r;
}

function formatNumber(locale: string, n: number, options: NumberOptions = {}): string {
  const key = `${locale}/${options.useGrouping === false ? 'g0' : ''}/${options.maximumFractionDigits ?? ''}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f.format(n);
}

/** The number an argument holds, or null when it holds none. */
function numeric(value: string | number | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/**
 * The message with its arguments in place, in `locale`'s words. An argument missing from `args`
 * stays visible as `{name}` (a plural without its number takes its `other` branch), so a
 * forgotten one shows on the page instead of vanishing. `{x}` is put as given: identifiers such
 * as a motion's number are not grouped ("motion 1024"); `#` and `{x, number}` are numbers.
 */
export function formatMessage(message: Message, args: Args, locale: string): string {
  return render(message, args, locale, null);
}

interface Pound {
  name: string;
  value: number | null;
}

function render(parts: readonly Part[], args: Args, locale: string, pound: Pound | null): string {
  let out = '';
  for (const p of parts) {
    switch (p.kind) {
      case 'text':
        out += p.text;
        break;
      case 'pound':
        out += pound?.value == null ? `{${pound?.name ?? '#'}}` : formatNumber(locale, pound.value);
        break;
      case 'argument':
        out += p.name in args ? String(args[p.name]) : `{${p.name}}`;
        break;
      case 'number': {
        const n = numeric(args[p.name]);
        out += n === null ? (p.name in args ? String(args[p.name]) : `{${p.name}}`) : formatNumber(locale, n, p.options);
        break;
      }
      case 'plural': {
        const n = numeric(args[p.name]);
        const branch = n === null ? p.branches.get('other')! : pluralBranch(p.branches, n, p.offset, rules(locale, p.ordinal));
        out += render(branch, args, locale, { name: p.name, value: n === null ? null : n - p.offset });
        break;
      }
      case 'select':
        out += render(p.branches.get(String(args[p.name])) ?? p.branches.get('other')!, args, locale, pound);
        break;
    }
  }
  return out;
}

/** ICU's choice: an exact `=n` first, then the language's category for n less the offset, then `other`. */
function pluralBranch(branches: Branches, n: number, offset: number, rule: Intl.PluralRules): Part[] {
  return branches.get(`=${n}`) ?? branches.get(rule.select(n - offset)) ?? branches.get('other')!;
}

const parsed = new Map<string, Message | MessageSyntaxError>();

/**
 * Parses (once per pattern) and formats. A pattern that does not parse comes back as written:
 * en.ts and es.ts are checked by the unit tests, and a page with a raw pattern on it says more
 * than a blank one.
 */
export function formatPattern(pattern: string, args: Args = {}, locale = 'en-US'): string {
  let message = parsed.get(pattern);
  if (!message) {
    try {
      message = parseMessage(pattern);
    } catch (e) {
      if (!(e instanceof MessageSyntaxError)) throw e;
      message = e;
    }
    parsed.set(pattern, message);
  }
  return message instanceof MessageSyntaxError ? pattern : formatMessage(message, args, locale);
}
