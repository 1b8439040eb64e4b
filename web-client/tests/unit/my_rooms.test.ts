import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { groupRooms, roomDetails, roomsFromMe } from '../../src/my_rooms';

const en = translator('en');
const es = translator('es');

/** /api/me as the server answers the clerk of the demo (db/seed/demo.json), in its own order. */
const me = {
  actor: 'person:11',
  name: 'Joan Archuleta',
  admin: false,
  memberships: [],
  rooms: [
    { room: 'rec6-literacy', name: 'Early Literacy Learning Circle', kind: 'learning_circle', public: false, roles: ['facilitator'] },
    { room: 'demo', name: 'Demo room', kind: 'council', public: true, roles: [] },
    { room: 'rec6-finance', name: 'REC 6 Finance Committee', kind: 'committee', public: true, roles: ['clerk'] },
    { room: 'rec6-council', name: 'REC 6 Council', kind: 'council', public: true, roles: ['clerk', 'non_voting_member'] },
    { room: 'abc-board', name: 'Alamogordo board', kind: 'council', public: true, roles: [] },
  ],
};

describe('the rooms a person may enter', () => {
  it('reads /api/me, and says when a server has no list', () => {
    expect(roomsFromMe(me)).toHaveLength(5);
    expect(roomsFromMe({ actor: 'person:1', memberships: [] })).toBeNull();
    expect(roomsFromMe({ rooms: [{ room: 'Not A Room!', name: 'x' }, { room: 'ok', kind: 'parliament' }] })).toEqual([
      { room: 'ok', name: 'ok', kind: null, public: false, roles: [] },
    ]);
  });

  it('lists their own bodies first, then the public ones, each by name', () => {
    const { mine, others } = groupRooms(roomsFromMe(me)!, 'en');
    expect(mine.map((r) => r.room)).toEqual(['rec6-literacy', 'rec6-council', 'rec6-finance']);
    expect(others.map((r) => r.room)).toEqual(['abc-board', 'demo']);
  });

  it('orders names as the reader’s language does, numbers by value', () => {
    const rooms = roomsFromMe({
      rooms: [
        { room: 'r10', name: 'REC 10 Council', kind: 'council', public: true, roles: [] },
        { room: 'r9', name: 'REC 9 Council', kind: 'council', public: true, roles: [] },
        { room: 'nu', name: 'Ñu circle', kind: 'learning_circle', public: true, roles: [] },
        { room: 'nube', name: 'Nube committee', kind: 'committee', public: true, roles: [] },
      ],
    })!;
    // Spanish has ñ as a letter after n; English sorts it as an n.
    expect(groupRooms(rooms, 'en').others.map((r) => r.room)).toEqual(['nu', 'nube', 'r9', 'r10']);
    expect(groupRooms(rooms, 'es').others.map((r) => r.room)).toEqual(['nube', 'nu', 'r9', 'r10']);
  });

  it('words the kind, a body closed to the public and the roles, in both languages', () => {
    const [circle, demo, finance, council] = roomsFromMe(me)!;
    expect(roomDetails(council!, en)).toBe('Council · Your roles: Clerk and Non-voting member');
    expect(roomDetails(council!, es)).toBe('Consejo · Sus cargos: Secretaría y Miembro sin voto');
    expect(roomDetails(finance!, en)).toBe('Committee · Your role: Clerk');
    expect(roomDetails(finance!, es)).toBe('Comité · Su cargo: Secretaría');
    expect(roomDetails(circle!, en)).toBe('Learning circle · not public · Your role: Facilitator');
    expect(roomDetails(circle!, es)).toBe('Círculo de aprendizaje · no público · Su cargo: Persona facilitadora');
    expect(roomDetails(demo!, en)).toBe('Council');
  });

  it('shows a role this client does not know as the server names it', () => {
    const [entry] = roomsFromMe({ rooms: [{ room: 'x', name: 'X', kind: 'council', public: true, roles: ['treasurer'] }] })!;
    expect(roomDetails(entry!, en)).toBe('Council · Your role: treasurer');
  });
});
