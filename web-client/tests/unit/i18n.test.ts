import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { format, placeholders, translator } from '../../src/i18n/i18n';
import { describeEvent } from '../../src/views/room/describe_event';

describe('i18n', () => {
  it('English and Spanish have the same keys', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message has the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, p: placeholders(es[key]) }).toEqual({ key, p: placeholders(en[key]) });
    }
  });

  it('every Spanish message is written (none empty), and differs from English unless a name', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => es[k] === en[k]);
    expect(same.sort()).toEqual(['app.name', 'bot.other', 'lang.en', 'lang.es', 'time.at'].sort());
    for (const v of Object.values(es)) expect(v.trim()).not.toBe('');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{counted} of {members} present', { counted: 6, members: 9 })).toBe('6 of 9 present');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
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
    expect(describeEvent(entry, translator('en'))).toBe('Motion 1 adopted: 4 aye, 1 nay, 1 abstaining.');
    expect(describeEvent(entry, translator('es'))).toBe('Moción 1 aprobada: 4 a favor, 1 en contra, 1 abstenciones.');
  });
});
