import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { unavailablePage, unavailableReason } from '../../src/views/room/room_unavailable';

const EN = translator('en');
const ES = translator('es');

describe('a room that cannot be entered', () => {
  it('answers the join’s unknown_room and forbidden, and leaves other refusals to the room', () => {
    expect(unavailableReason('unknown_room')).toBe('unknown_room');
    expect(unavailableReason('forbidden')).toBe('forbidden');
    for (const code of ['bad_token', 'bad_field', 'unsupported_version', 'internal', undefined]) expect(unavailableReason(code)).toBeNull();
  });

  it('a mistyped name: says so with the name, and leads back to the rooms and the public pages', () => {
    const page = unavailablePage('unknown_room', 'rec6-counsil', true, EN);
    expect(page.title).toBe('There is no room called “rec6-counsil”');
    expect(page.paragraphs[0]).toMatch(/^Check the name in the meeting notice/);
    expect(page.links).toEqual([
      { href: '/', text: 'Back to your rooms', app: true },
      { href: '/public/', text: 'Public bodies and meetings', app: false },
    ]);
    const visitor = unavailablePage('unknown_room', 'rec6-counsil', false, ES);
    expect(visitor.title).toBe('No hay ninguna sala llamada «rec6-counsil»');
    expect(visitor.links.map((l) => l.text)).toEqual(['Ir a las salas de reunión', 'Órganos y reuniones públicos']);
  });

  it('a room not open to the reader: a visitor is offered to sign in and come back; a member is not', () => {
    const visitor = unavailablePage('forbidden', 'rec6-literacy', false, EN);
    expect(visitor.title).toBe('This room is not open to you');
    expect(visitor.paragraphs).toEqual(['The room rec6-literacy belongs to a body whose meetings are not public. If you hold a role in it, sign in to enter.']);
    expect(visitor.links[0]).toEqual({ href: '/login?next=%2Froom%2Frec6-literacy', text: 'Sign in', app: true });
    const member = unavailablePage('forbidden', 'rec6-literacy', true, ES);
    expect(member.title).toBe('Esta sala no está abierta para usted');
    expect(member.paragraphs[0]).toMatch(/^La sala rec6-literacy es de un organismo cuyas reuniones no son públicas, y usted no tiene ninguna función en él/);
    expect(member.links.map((l) => l.href)).toEqual(['/', '/public/']);
    expect(member.links[0]!.text).toBe('Volver a sus salas');
  });

  it('never shows the protocol’s code', () => {
    for (const reason of ['unknown_room', 'forbidden'] as const) {
      for (const t of [EN, ES]) {
        for (const signedIn of [true, false]) {
          const page = unavailablePage(reason, 'x', signedIn, t);
          const words = [page.title, ...page.paragraphs, ...page.links.map((l) => l.text)].join(' ');
          expect(words).not.toMatch(/unknown_room|forbidden|\berror\b/i);
        }
      }
    }
  });
});
