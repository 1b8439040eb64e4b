// The app's routes. The server answers each with index.html (server/http/static_files.cpp,
// StaticFiles::is_client_route): keep the two lists the same.
//   /              rooms: join one, or watch an open meeting as the public
//   /login         sign in (?next=/room/… to come back)
//   /invite#inv_…  accept an invitation: set a password
//   /room/<name>   a meeting room

export type Route =
  | { name: 'landing' }
  | { name: 'login'; next: string | null }
  | { name: 'invite'; token: string }
  | { name: 'room'; room: string }
  | { name: 'not_found'; path: string };

const ROOM_NAME = /^[a-z0-9._-]{1,64}$/;

export function isRoomName(name: string): boolean {
  return ROOM_NAME.test(name);
}

export function parseRoute(pathname: string, search = '', hash = ''): Route {
  if (pathname === '/' || pathname === '') return { name: 'landing' };
  if (pathname === '/login') {
    const next = new URLSearchParams(search).get('next');
    // Only a path of this app: never an address elsewhere.
    return { name: 'login', next: next && next.startsWith('/') && !next.startsWith('//') ? next : null };
  }
  if (pathname === '/invite') return { name: 'invite', token: decodeURIComponent(hash.replace(/^#/, '')) };
  const room = /^\/room\/([^/]+)$/.exec(pathname);
  if (room) {
    const name = decodeURIComponent(room[1]!);
    if (isRoomName(name)) return { name: 'room', room: name };
  }
  return { name: 'not_found', path: pathname };
}

export function roomPath(room: string): string {
  return `/room/${encodeURIComponent(room)}`;
}
