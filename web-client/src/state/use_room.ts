// A room in a view: its connection, its state (from the first join's views, then the events
// after them), and the connection's status. The browser's offline and online events close and
// reopen the socket at once.

import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { ProtocolError, personOf, type Ack } from '../protocol/messages';
import { RoomConnection, type StatusChange } from '../protocol/room_connection';
import { useI18n } from '../i18n/i18n';
import { touchesMinutes } from './minutes';
import { initialRoomState, roomBodyOf, roomReducer, type RoomState } from './room_state';
import { TIMELINE_LIMIT } from './timeline';

export interface RoomHandle {
  state: RoomState;
  status: StatusChange;
  /** The head when the room was first joined: events after it happened live. */
  liveFrom: number | null;
  me: number | null;
  /** The roles the join's ack named in this room; null until joined. */
  roles: string[] | null;
  /** The actions the join's ack says those roles may take here (the policy table's row); null until joined. */
  may: string[] | null;
  act: (op: string, args?: Record<string, unknown>) => Promise<Ack>;
  read: (plugin: string, query: Record<string, unknown>) => Promise<Ack>;
  say: (text: string, replyTo?: number) => Promise<Ack>;
  reconnectNow: () => void;
}

/** What the room learned on (re)joining: the ack's roles and the views (the first join's, or those asked after a rejoin). */
export interface JoinedView {
  roles: string[];
  views: Record<string, unknown>;
  seq: number;
  me: number | null;
}

function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * `afterJoin` is called once after each join (the first and every rejoin) with the views then:
 * the learning circle records its people present from it (the latest function given is the one
 * called).
 */
export function useRoom(room: string, token: string | undefined, afterJoin?: (joined: JoinedView) => void): RoomHandle {
  const [state, dispatch] = useReducer(roomReducer, room, initialRoomState);
  const [status, setStatus] = useState<StatusChange>({ status: 'connecting' });
  const [me, setMe] = useState<number | null>(null);
  const [liveFrom, setLiveFrom] = useState<number | null>(null);
  const [roles, setRoles] = useState<string[] | null>(null);
  const [may, setMay] = useState<string[] | null>(null);
  const connection = useRef<RoomConnection | null>(null);
  const afterJoinRef = useRef(afterJoin);
  afterJoinRef.current = afterJoin;
  const { language } = useI18n();
  const languageRef = useRef(language);

  useEffect(() => {
    let refresh: ReturnType<typeof setTimeout> | null = null;
    let meNow: number | null = null;
    const askView = (joined?: { roles: string[] }) => {
      c.view().then(
        (ack) => {
          if (!ack.views) return;
          dispatch({ type: 'view', seq: ack.seq ?? 0, views: ack.views });
          if (joined) afterJoinRef.current?.({ roles: joined.roles, views: ack.views, seq: ack.seq ?? 0, me: meNow });
        },
        () => {
          /* offline: the next join asks again */
        },
      );
    };
    // The lawful-notice status and the minutes are the server's: asked again when notices, the
    // meeting or the minutes change.
    const refreshSoon = () => {
      if (refresh !== null) clearTimeout(refresh);
      refresh = setTimeout(() => {
        refresh = null;
        askView();
      }, 250);
    };
    const c = new RoomConnection({
      url: socketUrl(),
      room,
      token,
      lang: languageRef.current,
      onEvents: (events) => {
        dispatch({ type: 'events', events });
        if (c.currentStatus === 'live' && events.some((e) => e.type.startsWith('notice.') || e.type.startsWith('meeting.') || touchesMinutes(e.type))) refreshSoon();
      },
      // The timeline keeps at most this many entries: as many events before the views are recalled for it.
      history: TIMELINE_LIMIT,
      onJoined: (joined) => {
        dispatch({ type: 'joined', body: roomBodyOf(joined.body) });
        setRoles((before) => (before && before.join() === joined.roles.join() ? before : joined.roles));
        setMay((before) => (before && before.join() === joined.may.join() ? before : joined.may));
        // The first join's ack carries the views, and the state starts from them; after a rejoin
        // (whose catch-up folds the events missed) they are asked for, to bring what only they
        // say up to date.
        if (!joined.views) return askView(joined);
        const { seq, views } = joined.views;
        dispatch({ type: 'start', seq, views });
        afterJoinRef.current?.({ roles: joined.roles, views, seq, me: meNow });
      },
      onHistory: (events) => dispatch({ type: 'history', events }),
      onStatus: (change) => {
        setStatus(change);
        if (change.status === 'live') setLiveFrom((from) => from ?? c.seq);
      },
      onHello: (who) => {
        meNow = personOf(who.actor);
        setMe(meNow);
      },
    });
    connection.current = c;
    c.start();
    const offline = () => c.goOffline();
    const online = () => c.reconnectNow();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      if (refresh !== null) clearTimeout(refresh);
      c.stop();
      connection.current = null;
    };
  }, [room, token]);

  // The server answers refusals in the reader's language, switched here as the app is.
  useEffect(() => {
    languageRef.current = language;
    connection.current?.setLanguage(language);
  }, [language]);

  const notConnected = () => Promise.reject(new ProtocolError('offline', 'not connected'));
  return {
    state,
    status,
    liveFrom,
    me,
    roles,
    may,
    act: (op, args) => connection.current?.act(op, args) ?? notConnected(),
    read: (plugin, query) => connection.current?.read(plugin, query) ?? notConnected(),
    say: (text, replyTo) => connection.current?.say(text, replyTo) ?? notConnected(),
    reconnectNow: () => connection.current?.reconnectNow(),
  };
}
