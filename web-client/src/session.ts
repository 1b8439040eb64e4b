// The signed-in person, kept in localStorage until the session expires or they sign out.

import type { Me, SessionAnswer } from './protocol/api';

export interface Session {
  token: string;
  expiresMs: number;
  personId: number;
  name: string;
  email: string;
  /** The roles of every membership in force (GET /api/me), and whether they administer. */
  roles: string[];
  /** What the policy table lets them do in each room (GET /api/me), until the room's join says it. */
  may?: Record<string, string[]>;
  admin: boolean;
}

const KEY = 'collegial.session';

export function sessionFrom(answer: SessionAnswer, me: Me): Session {
  return {
    token: answer.token,
    expiresMs: answer.expires_ms,
    personId: answer.person.id,
    name: answer.person.name,
    email: answer.person.email,
    roles: [...new Set(me.memberships.map((m) => m.role))],
    may: Object.fromEntries((me.rooms ?? []).map((r) => [r.room, Array.isArray(r.may) ? r.may.filter((x) => typeof x === 'string') : []])),
    admin: me.admin,
  };
}

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || !(s.expiresMs > now)) {
      localStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  } catch {
    // storage refused (private mode): the session lasts as long as the page
  }
}
