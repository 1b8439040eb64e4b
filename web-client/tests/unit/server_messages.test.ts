import { beforeEach, describe, expect, it } from 'vitest';
import { forgetServerCatalogs, loadServerCatalog } from '../../src/i18n/server_catalog';
import { catalogOf, renderServerMessage, serverTextsOf, wordServerMessage, type ServerText } from '../../src/i18n/server_messages';
import { ProtocolError } from '../../src/protocol/messages';

// What GET /api/messages/es answers (a fixture: the server's real keys may differ).
const ES = catalogOf(
  {
    lang: 'es',
    messages: {
      'notice.finding.posted_late':
        'convocatoria publicada {lead_hours, plural, one {# hora} other {# horas}} antes de la reunión ({rule} exige {required_hours, plural, one {# hora} other {# horas}})',
      'notice.finding.agenda_posted': 'orden del día publicado el {posted_ms}',
      'notice.finding.broken': 'esto {no, plural, one {# se cierra}',
    },
  },
  'es',
)!;
const EN = catalogOf({ lang: 'en', messages: { 'notice.finding.agenda_posted': 'agenda posted {posted_ms}' } }, 'en')!;

const late = (lead_hours: number): ServerText => ({
  text: `notice posted ${lead_hours} h before the meeting (N2 requires 72 h)`,
  key: 'notice.finding.posted_late',
  args: { lead_hours, rule: 'N2', required_hours: 72 },
});
// Thursday, December 10, 2026, 2:00 PM in Denver.
const posted: ServerText = { text: 'agenda posted Thursday, December 10, 2026, 2:00 PM MST', key: 'notice.finding.agenda_posted', args: { posted_ms: Date.UTC(2026, 11, 10, 21, 0) } };

describe('server messages', () => {
  it('words a keyed finding from the catalog, plurals by the Spanish rule', () => {
    expect(renderServerMessage(late(1), 'es', 'America/Denver', ES)).toBe('convocatoria publicada 1 hora antes de la reunión (N2 exige 72 horas)');
    expect(renderServerMessage(late(0), 'es', 'America/Denver', ES)).toBe('convocatoria publicada 0 horas antes de la reunión (N2 exige 72 horas)');
    expect(wordServerMessage(late(5), 'es', 'America/Denver', ES).lang).toBe('es');
  });

  it('words an argument ending in _ms as a full date and time in the body’s zone, in the reader’s language', () => {
    expect(renderServerMessage(posted, 'es', 'America/Denver', ES)).toMatch(/^orden del día publicado el jueves, 10 de diciembre de 2026,? 2:00\s?p\.\s?m\. MST$/);
    expect(renderServerMessage(posted, 'en', 'America/Denver', EN)).toBe('agenda posted Thursday, December 10, 2026 at 2:00 PM MST');
    expect(renderServerMessage(posted, 'en', 'Asia/Tokyo', EN)).toBe('agenda posted Friday, December 11, 2026 at 6:00 AM GMT+9');
  });

  it('falls back on the English text: no catalog, another language’s, an unknown key, a broken pattern, a missing argument', () => {
    const english = 'notice posted 1 h before the meeting (N2 requires 72 h)';
    expect(wordServerMessage(late(1), 'es', 'America/Denver', null)).toEqual({ text: english, lang: 'en' });
    expect(renderServerMessage(late(1), 'es', 'America/Denver', EN)).toBe(english);
    expect(renderServerMessage({ ...late(1), key: 'notice.finding.unheard_of' }, 'es', 'America/Denver', ES)).toBe(english);
    expect(renderServerMessage({ ...late(1), key: null }, 'es', 'America/Denver', ES)).toBe(english);
    expect(renderServerMessage({ ...late(1), key: 'notice.finding.broken', args: { no: 1 } }, 'es', 'America/Denver', ES)).toBe(english);
    expect(renderServerMessage({ ...late(1), args: { lead_hours: 1 } }, 'es', 'America/Denver', ES)).toBe(english);
  });

  it('words an argument that is itself a message of the catalog first, in the same language (as the server sends the notice findings)', () => {
    // The patterns of the server's catalog (server/i18n/catalog_notice.cpp), as GET /api/messages/<lang> gives them.
    const lead =
      '{mode, select, after {after the meeting began} days {{big, plural, one {# day} other {# days}}{small, plural, =0 {} other { # h}}} other {{big, number, ::group-off} h{small, plural, =0 {} other { # min}}}}';
    const span = '{unit, select, days {{count, plural, one {# day} other {# days}}} other {{count, plural, one {# hour} other {# hours}}}}';
    const en = catalogOf(
      {
        lang: 'en',
        messages: {
          'notice.finding.notice': "notice {lead} before the meeting (body's resolution: {required} for {kind} meetings)",
          'notice.lead': lead,
          'notice.span': span,
        },
      },
      'en',
    )!;
    const es = catalogOf(
      {
        lang: 'es',
        messages: {
          'notice.finding.notice':
            'aviso publicado {lead} antes de la reunión (resolución del organismo: {required} para las reuniones {kind, select, regular {ordinarias} special {extraordinarias} emergency {de emergencia} other {{kind}}})',
          'notice.lead':
            '{mode, select, after {después de empezar la reunión} days {{big, plural, one {# día} other {# días}}{small, plural, =0 {} other { # h}}} other {{big, number, ::group-off} h{small, plural, =0 {} other { # min}}}}',
          'notice.span': '{unit, select, days {{count, plural, one {# día} other {# días}}} other {{count, plural, one {# hora} other {# horas}}}}',
        },
      },
      'es',
    )!;
    const [finding] = serverTextsOf(
      ["notice 12 days 12 h before the meeting (body's resolution: 10 days for regular meetings)"],
      [
        {
          key: 'notice.finding.notice',
          args: {
            kind: 'regular',
            lead: { key: 'notice.lead', args: { mode: 'days', big: 12, small: 12 } },
            required: { key: 'notice.span', args: { count: 10, unit: 'days' } },
          },
        },
      ],
    );
    expect(wordServerMessage(finding!, 'es', 'America/Denver', es)).toEqual({
      text: 'aviso publicado 12 días 12 h antes de la reunión (resolución del organismo: 10 días para las reuniones ordinarias)',
      lang: 'es',
    });
    expect(renderServerMessage(finding!, 'en', 'America/Denver', en)).toBe(finding!.text);
    // Hours, not grouped (::group-off): "1200 h", and one day.
    const hours = { ...finding!, args: { ...finding!.args, lead: { key: 'notice.lead', args: { mode: 'hours', big: 1200, small: 0 } }, required: { key: 'notice.span', args: { count: 1, unit: 'days' } } } };
    expect(renderServerMessage(hours, 'es', 'America/Denver', es)).toBe(
      'aviso publicado 1200 h antes de la reunión (resolución del organismo: 1 día para las reuniones ordinarias)',
    );
    // A message argument the catalog cannot word leaves the whole finding in English.
    const unknown = { ...finding!, args: { ...finding!.args, lead: { key: 'notice.unheard_of', args: {} } } };
    expect(wordServerMessage(unknown, 'es', 'America/Denver', es)).toEqual({ text: finding!.text, lang: 'en' });
    const short = { ...finding!, args: { ...finding!.args, required: { key: 'notice.span', args: { unit: 'days' } } } };
    expect(wordServerMessage(short, 'es', 'America/Denver', es).lang).toBe('en');
  });

  it('pairs the findings with their keys one for one, and keeps the texts alone when they do not pair', () => {
    const keys = [{ key: 'a', args: { n: 1, bad: { nested: true }, list: [1], m: { key: 'b', args: { x: 'y', z: null } } } }, { key: 'b' }];
    expect(serverTextsOf(['one', 'two'], keys)).toEqual([
      { text: 'one', key: 'a', args: { n: 1, m: { key: 'b', args: { x: 'y' } } } },
      { text: 'two', key: 'b', args: {} },
    ]);
    expect(serverTextsOf(['one', 'two'], [keys[0]])).toEqual([
      { text: 'one', key: null, args: {} },
      { text: 'two', key: null, args: {} },
    ]);
    expect(serverTextsOf(['one'], undefined)).toEqual([{ text: 'one', key: null, args: {} }]);
  });

  it('takes only a catalog in the language asked for', () => {
    expect(catalogOf({ lang: 'en', messages: {} }, 'es')).toBeNull();
    expect(catalogOf({ lang: 'es', messages: ['x'] }, 'es')).toBeNull();
    expect(catalogOf({ lang: 'es', messages: { a: 'x', b: 2 } }, 'es')).toEqual({ lang: 'es', messages: { a: 'x' } });
  });
});

describe('the catalog, asked once per language', () => {
  beforeEach(() => forgetServerCatalogs());

  it('asks once for each language and keeps the answer', async () => {
    const asked: string[] = [];
    const fetch = async (lang: string) => {
      asked.push(lang);
      return { lang, messages: { k: lang } };
    };
    const [a, b] = await Promise.all([loadServerCatalog('es', undefined, fetch), loadServerCatalog('es', undefined, fetch)]);
    expect(a).toEqual({ lang: 'es', messages: { k: 'es' } });
    expect(b).toBe(a);
    await loadServerCatalog('en', undefined, fetch);
    await loadServerCatalog('es', undefined, fetch);
    expect(asked).toEqual(['es', 'en']);
  });

  it('asks again after a failure to reach the server, not after a server that has no catalog', async () => {
    let offline = true;
    let calls = 0;
    const flaky = async (lang: string) => {
      calls += 1;
      if (offline) throw new ProtocolError('offline', 'the server could not be reached');
      return { lang, messages: {} };
    };
    expect(await loadServerCatalog('es', undefined, flaky)).toBeNull();
    offline = false;
    expect(await loadServerCatalog('es', undefined, flaky)).toEqual({ lang: 'es', messages: {} });
    expect(calls).toBe(2);

    let older = 0;
    const noCatalog = async () => {
      older += 1;
      throw new ProtocolError('not_found', 'no such path: /api/messages/en');
    };
    expect(await loadServerCatalog('en', undefined, noCatalog)).toBeNull();
    expect(await loadServerCatalog('en', undefined, noCatalog)).toBeNull();
    expect(older).toBe(1);
  });
});
