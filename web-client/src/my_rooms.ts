// The rooms a signed-in person may enter, as GET /api/me lists them (`rooms`): their own bodies,
// where they hold a role, and the public bodies where they hold none. The landing page shows
// them in two lists, their own first, each room named with its kind and their roles in words.

import { isKey, type Language, type Translate } from './i18n/i18n';
import { isRoomName } from './routes';
import { listText } from './state/webinar';

export type BodyKind = 'council' | 'committee' | 'learning_circle';

export interface RoomEntry {
  room: string;
  /** The body's name ("REC 6 Council"). */
  name: string;
  /** null for a kind this client does not know (or a room without a body). */
  kind: BodyKind | null;
  public: boolean;
  /** The person's roles in the body; none in a public body they only follow. */
  roles: string[];
}

const KINDS: readonly string[] = ['council', 'committee', 'learning_circle'];

/**
 * The `rooms` of an /api/me answer, or null when it has none (a server older than the list):
 * the landing page then asks for a room's name as it did before. Entries without a valid room
 * name are dropped; a missing body name shows the room's.
 */
export function roomsFromMe(me: unknown): RoomEntry[] | null {
  const rooms = (me as { rooms?: unknown } | null)?.rooms;
  if (!Array.isArray(rooms)) return null;
  const entries: RoomEntry[] = [];
  for (const r of rooms as Record<string, unknown>[]) {
    if (!r || typeof r.room !== 'string' || !isRoomName(r.room)) continue;
    entries.push({
      room: r.room,
      name: typeof r.name === 'string' && r.name.trim() ? r.name : r.room,
      kind: typeof r.kind === 'string' && KINDS.includes(r.kind) ? (r.kind as BodyKind) : null,
      public: r.public === true,
      roles: Array.isArray(r.roles) ? r.roles.filter((x): x is string => typeof x === 'string') : [],
    });
  }
  return entries;
}

export interface RoomGroups {
  /** The bodies where the person holds a role. */
  mine: RoomEntry[];
  /** Public bodies they may follow, holding no role there. */
  others: RoomEntry[];
}

/** Their own bodies apart from the others, each list by the body's name in the reader's language. */
export function groupRooms(rooms: readonly RoomEntry[], language: Language): RoomGroups {
  const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
  const byName = (a: RoomEntry, b: RoomEntry) => collator.compare(a.name, b.name) || collator.compare(a.room, b.room);
  return {
    mine: rooms.filter((r) => r.roles.length > 0).sort(byName),
    others: rooms.filter((r) => r.roles.length === 0).sort(byName),
  };
}

/** A role in words ("Vice chair"); a role this client does not know shows as the server names it. */
export function roleText(role: string, t: Translate): string {
  const key = `role.${role}`;
  return isKey(key) ? t(key) : role;
}

/**
 * What the landing page says beside a room's name: its kind, "not public" for a body closed to
 * the public (a learning circle, by choice), and the person's roles ("Your roles: Chair and
 * Clerk"); an empty string when there is nothing to say.
 */
export function roomDetails(entry: RoomEntry, t: Translate): string {
  const parts: string[] = [];
  if (entry.kind) parts.push(t(`body.kind.${entry.kind}`));
  if (!entry.public) parts.push(t('body.notPublic'));
  if (entry.roles.length > 0) {
    parts.push(t('landing.yourRoles', { count: entry.roles.length, roles: listText(entry.roles.map((r) => roleText(r, t)), t) }));
  }
  return parts.join(' · ');
}
