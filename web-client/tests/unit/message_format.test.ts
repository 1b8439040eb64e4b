import { describe, expect, it } from 'vitest';
import { argumentNames, formatMessage, formatPattern, MessageSyntaxError, parseMessage } from '../../src/i18n/message_format';

const fmt = (pattern: string, args: Record<string, string | number>, locale = 'en-US') => formatMessage(parseMessage(pattern), args, locale);

describe('message format', () => {
  const abstentionsEn = '{n, plural, one {# abstention} other {# abstentions}}';
  const abstentionsEs = '{n, plural, one {# abstención} other {# abstenciones}}';

  it('chooses the plural by the locale’s rule, not by n === 1', () => {
    expect([0, 1, 2, 1.5].map((n) => fmt(abstentionsEn, { n }))).toEqual(['0 abstentions', '1 abstention', '2 abstentions', '1.5 abstentions']);
    expect([0, 1, 2].map((n) => fmt(abstentionsEs, { n }, 'es-MX'))).toEqual(['0 abstenciones', '1 abstención', '2 abstenciones']);
    // A rule with more categories than one/other: Polish says 2 "głosy" but 5 "głosów".
    const pl = '{n, plural, one {# głos} few {# głosy} many {# głosów} other {# głosu}}';
    expect([1, 2, 5, 22].map((n) => fmt(pl, { n }, 'pl'))).toEqual(['1 głos', '2 głosy', '5 głosów', '22 głosy']);
  });

  it('takes an exact =n branch first, applies the offset to # and the category, and falls back to other', () => {
    const p = '{n, plural, offset:1 =0 {nobody} =1 {{who}} one {{who} and # other} other {{who} and # others}}';
    expect([0, 1, 2, 3].map((n) => fmt(p, { n, who: 'Ana' }))).toEqual(['nobody', 'Ana', 'Ana and 1 other', 'Ana and 2 others']);
    // Spanish has a "many" category for a million; a message without it says "other".
    expect(fmt(abstentionsEs, { n: 1000000 }, 'es-MX')).toBe('1,000,000 abstenciones');
  });

  it('formats # and {x, number} as numbers in the locale, and {x} as given', () => {
    expect(fmt('{n, plural, other {# votes}} in meeting {m}', { n: 1234, m: 1234 })).toBe('1,234 votes in meeting 1234');
    expect(fmt('{n, number}', { n: 1234.5 }, 'es-MX')).toBe('1,234.5');
    expect(fmt('{n, number}', { n: 12345 }, 'es-ES')).toBe('12.345');
    // The style integer and the skeletons the server's catalog uses; another style is refused.
    expect(fmt('{n, number, ::group-off} h', { n: 12345 })).toBe('12345 h');
    expect(fmt('{n, number, ::group-off precision-integer}', { n: 12345.6 }, 'es-ES')).toBe('12346');
    expect(fmt('{n, number, integer}', { n: 1234.5 })).toBe('1,235');
    expect(() => parseMessage('{n, number, ::currency/USD}')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('{n, number, percent}')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('{n, number, ::group-off')).toThrow(MessageSyntaxError);
  });

  it('selects by value, ordinals by the ordinal rule, and # inside a select refers to the plural around it', () => {
    const kind = '{kind, select, council {the council} committee {the committee} other {the body}}';
    expect(['council', 'committee', 'learning_circle'].map((k) => fmt(kind, { kind: k }))).toEqual(['the council', 'the committee', 'the body']);
    const nth = '{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}';
    expect([1, 2, 3, 4, 11, 22].map((n) => fmt(nth, { n }))).toEqual(['1st', '2nd', '3rd', '4th', '11th', '22nd']);
    const nested = '{n, plural, one {{g, select, f {# alumna} other {# alumno}}} other {{g, select, f {# alumnas} other {# alumnos}}}}';
    expect(fmt(nested, { n: 3, g: 'f' }, 'es-MX')).toBe('3 alumnas');
  });

  it('keeps apostrophes in words, and quotes braces and # the way ICU does', () => {
    expect(fmt("the body's clerk, {name}'s vote", { name: 'Ana' })).toBe("the body's clerk, Ana's vote");
    expect(fmt("'{name}' is written literally; it''s one apostrophe", { name: 'Ana' })).toBe("{name} is written literally; it's one apostrophe");
    expect(fmt("{n, plural, other {'#' # items}}", { n: 3 })).toBe('# 3 items');
    expect(fmt('# is a # outside a plural', {})).toBe('# is a # outside a plural');
  });

  it('leaves a missing argument visible and takes other for a plural without its number', () => {
    expect(fmt('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(fmt(abstentionsEn, {})).toBe('{n} abstentions');
    expect(fmt(abstentionsEn, { n: '3' })).toBe('3 abstentions');
  });

  it('refuses what is not MessageFormat, and formatPattern then shows the pattern as written', () => {
    for (const bad of ['{n', 'a } b', '{n, plural, one {x}}', '{n, plural, one x}', '{n, date}', '{, plural, other {x}}']) {
      expect(() => parseMessage(bad), bad).toThrow(MessageSyntaxError);
    }
    expect(formatPattern('{n, plural, one {x}}', { n: 1 })).toBe('{n, plural, one {x}}');
  });

  it('lists every argument a message names, nested ones too', () => {
    expect(argumentNames(parseMessage('{counted, plural, one {# of {members}} other {# of {members}}} — {required}'))).toEqual([
      'counted',
      'members',
      'required',
    ]);
  });
});
