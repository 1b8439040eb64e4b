// The rooms this browser opened, most recent first: the landing page offers them again to a
// visitor who is not signed in (a signed-in person gets the server's list, src/my_rooms.ts).

import { isRoomName } from './routes';

const KEY = 'collegial.recentRooms';
const LIMIT = 8;

export function recentRooms(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((r): r is string => typeof r === 'string' && isRoomName(r)) : [];
  } catch {
    return [];
  }
}

export function rememberRoom(room: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify([room, ...recentRooms().filter((r) => r !== room)].slice(0, LIMIT)));
  } catch {
    // not remembered: nothing else depends on it
  }
}
