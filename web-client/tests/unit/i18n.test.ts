import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { translator } from '../../src/i18n/i18n';
import { argumentNames, formatPattern, parseMessage } from '../../src/i18n/message_format';
import { describeEvent } from '../../src/views/room/describe_event';
import { inDenver } from './events';

describe('i18n', () => {
  it('English and Spanish have the same keys', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message is valid MessageFormat and names the same arguments in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, args: argumentNames(parseMessage(es[key])) }).toEqual({ key, args: argumentNames(parseMessage(en[key])) });
    }
  });

  it('every Spanish message is written (none empty), and differs from English unless a name', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => es[k] === en[k]);
    expect(same.sort()).toEqual(['app.name', 'bot.other', 'lang.en', 'lang.es', 'role.bot', 'time.at'].sort());
    for (const v of Object.values(es)) expect(v.trim()).not.toBe('');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatPattern('{counted} of {members} present', { counted: 6, members: 9 })).toBe('6 of 9 present');
    expect(formatPattern('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('words the quorum bar in both languages', () => {
    expect(translator('en')('quorum.bar.with', { counted: 6, members: 9 })).toBe('6 of 9 present — quorum');
    expect(translator('es')('quorum.bar.with', { counted: 6, members: 9 })).toBe('6 de 9 presentes — hay quórum');
  });

  it('words events in the reader language, not the server English', () => {
    const entry = {
      seq: 9,
      ts: 0,
      type: 'motions.decided',
      actor: 'plugin:motions',
      body: { motion: 1, result: 'adopted', aye: 4, nay: 1, abstain: 1, text: 'Motion 1 adopted: 4 aye, 1 nay, 1 abstaining' },
    };
    expect(describeEvent(entry, translator('en'), inDenver('en'))).toBe('Motion 1 adopted: 4 aye, 1 nay, 1 abstention.');
    expect(describeEvent(entry, translator('es'), inDenver('es'))).toBe('Moción 1 aprobada: 4 a favor, 1 en contra, 1 abstención.');
  });

  describe('counts beside nouns follow each language’s plural rule', () => {
    const EN = translator('en');
    const ES = translator('es');
    const tally = (abstain: number) => ({ aye: 2, nay: 1, abstain });

    it('English: one for 1, other for 0 and 2', () => {
      expect(EN('tally.line', tally(1))).toBe('2 aye, 1 nay, 1 abstention');
      expect(EN('tally.line', tally(0))).toBe('2 aye, 1 nay, 0 abstentions');
      expect(EN('tally.line', tally(2))).toBe('2 aye, 1 nay, 2 abstentions');
      expect(EN('webinar.status.open', { open: 1, capacity: 1 })).toBe('1 of 1 seat open');
      expect(EN('webinar.status.open', { open: 0, capacity: 30 })).toBe('0 of 30 seats open');
      expect(EN('quorum.bar.unknown', { counted: 1 })).toBe('1 voting member present — no quorum yet');
      expect(EN('cycle.entries', { count: 1 })).toBe('1 entry');
      expect(EN('cycle.entries', { count: 12 })).toBe('12 entries');
    });

    it('Spanish: one for 1, other for 0 and 2 (0 is plural in Spanish too)', () => {
      expect(ES('tally.line', tally(1))).toBe('2 a favor, 1 en contra, 1 abstención');
      expect(ES('tally.line', tally(0))).toBe('2 a favor, 1 en contra, 0 abstenciones');
      expect(ES('tally.line', tally(2))).toBe('2 a favor, 1 en contra, 2 abstenciones');
      expect(ES('quorum.bar.with', { counted: 1, members: 1 })).toBe('1 de 1 presente — hay quórum');
      expect(ES('quorum.bar.without', { counted: 0, members: 9, required: 5 })).toBe('0 de 9 presentes — se necesitan 5 para el quórum');
      expect(ES('webinar.status.open', { open: 1, capacity: 30 })).toBe('1 lugar libre de 30');
      expect(ES('webinar.attended', { count: 1 })).toBe('1 asistió');
      expect(ES('webinar.attended', { count: 0 })).toBe('0 asistieron');
      expect(ES('webinarForm.held', { held: 1, count: 1 })).toBe('Se celebrará 1 de 1 sesión.');
      expect(ES('webinarForm.held', { held: 3, count: 4 })).toBe('Se celebrarán 3 de 4 sesiones.');
    });

    it('the same plural in a decision, an announcement and the minutes', () => {
      expect(EN('decision.captionNotVoting', { number: 2, text: 'Buy buses', result: 'Adopted', ...tally(0), notVoting: 1 })).toBe(
        'Motion 2: Buy buses — Adopted, 2 aye, 1 nay, 0 abstentions, 1 not voting',
      );
      expect(ES('ev.motions.division', { number: 2, ...tally(1) })).toBe('Votación nominal de la moción 2: 2 a favor, 1 en contra, 1 abstención.');
      expect(ES('minutes.suspended', { time: '10:02 a. m. MST', reason: 'se perdió el quórum', count: 1 })).toBe(
        'Votación suspendida a las 10:02 a. m. MST (se perdió el quórum); el voto emitido (1) quedó anulado.',
      );
    });
  });
});
