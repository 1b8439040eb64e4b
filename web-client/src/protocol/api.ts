// The JSON API under /api/ (docs/protocol.md): login, logout, who am I, invitations, one's calendar.

import { ProtocolError } from './messages';

export interface Person {
  id: number;
  name: string;
  email: string;
}

export interface SessionAnswer {
  token: string;
  expires_ms: number;
  person: Person;
}

export interface Membership {
  body_id: number;
  role: string;
}

export interface Me {
  actor: string;
  name: string;
  admin: boolean;
  memberships: Membership[];
  /**
   * Every room the policy lets this person enter: their bodies, and public bodies where they hold
   * no role (roles []), with what the policy table lets them do there (`may`, as the room's join
   * says it). Absent from servers older than the list; src/my_rooms.ts reads it.
   */
  rooms?: { room: string; name: string; kind: string; public: boolean; roles: string[]; may?: string[] }[];
}

// The reader's language: the server writes its refusals in it (Accept-Language).
let language = 'en';

/** The app's language changed: later answers come in it. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ProtocolError('offline', 'the server could not be reached');
  }
  let answer: unknown = null;
  try {
    answer = await response.json();
  } catch {
    // an empty or non-JSON answer: judged by its status below
  }
  if (!response.ok) {
    const e = (answer ?? {}) as { error?: string; message?: string; lang?: string };
    throw new ProtocolError(e.error ?? `http_${response.status}`, e.message ?? response.statusText, e.message ? (e.lang ?? 'en') : 'en');
  }
  return answer as T;
}

/**
 * A file from the API (e.g. a records bundle): its body as a Blob on success; on an error, the
 * server's JSON refusal as a ProtocolError, as `call` throws it.
 */
async function fetchFile(path: string, token?: string): Promise<Blob> {
  const headers: Record<string, string> = { 'Accept-Language': language };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { method: 'GET', headers });
  } catch {
    throw new ProtocolError('offline', 'the server could not be reached');
  }
  if (!response.ok) {
    let e: { error?: string; message?: string; lang?: string } = {};
    try {
      e = ((await response.json()) ?? {}) as typeof e;
    } catch {
      // an empty or non-JSON refusal: named by its status
    }
    throw new ProtocolError(e.error ?? `http_${response.status}`, e.message ?? response.statusText, e.message ? (e.lang ?? 'en') : 'en');
  }
  try {
    return await response.blob();
  } catch {
    throw new ProtocolError('offline', 'the download was interrupted');
  }
}

export const api = {
  login: (email: string, password: string) => call<SessionAnswer>('POST', '/api/login', { email, password }),
  acceptInvitation: (token: string, password: string) =>
    call<SessionAnswer>('POST', '/api/invitations/accept', { token, password }),
  logout: (token: string) => call<Record<string, never>>('POST', '/api/logout', undefined, token),
  me: (token: string) => call<Me>('GET', '/api/me', undefined, token),
  /** The server's catalog of the messages it writes for people, in `lang` (src/i18n/server_messages.ts). */
  messages: (lang: string, token?: string) => call<unknown>('GET', `/api/messages/${encodeURIComponent(lang)}`, undefined, token),
  /** L2: a new secret address of one's own webinars calendar (the old one stops working). */
  calendar: (token: string) => call<{ url: string }>('POST', '/api/me/calendar', {}, token),
  /** IPRA: a file the API gives by path with one's token, e.g. a records bundle (state/minutes.ts, recordsLinks). */
  file: (path: string, token: string) => fetchFile(path, token),
};
