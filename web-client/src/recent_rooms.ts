// The rooms this browser opened, most recent first: the landing page offers them again. (The
// server has no room list yet; notices will bring the public one.)

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
