// One room over one WebSocket, kept alive: hello (with the session token, or as the public), a
// first join with `views` (the room's state at its head, however long its log), a rejoin after a
// drop with `since` = the last event received, requests matched to their answers by id, and
// reconnection with backoff. Events after the views reach the caller once each and in order: the
// connection drops duplicates and rejoins when it sees a gap. The last events before the views
// are recalled once, for the record only (see `history`).

import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import {
  ProtocolError,
  isEvent,
  parseFrame,
  type Ack,
  type RequestId,
  type RoomEvent,
  type ServerMessage,
} from './messages';

/** The parts of the browser's WebSocket the connection uses (a test can supply its own). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export type ConnectionStatus =
  | 'connecting' // opening the socket, hello, join
  | 'catching_up' // joined; receiving the events missed, up to the head
  | 'live' // every committed event received; new ones arrive as they commit
  | 'offline' // the socket is down; a reconnection is scheduled
  | 'stopped'; // given up: stop() was called, or the server refused for good (see `error`)

export interface StatusChange {
  status: ConnectionStatus;
  /** Why the connection stopped or went offline, when the server said. */
  error?: ProtocolError;
  /** When offline: milliseconds until the next attempt. */
  retryInMs?: number;
}

export interface Identity {
  actor: string; // "person:3", "public"
  name: string;
}

/** What a join's ack says. */
export interface Joined {
  roles: string[];
  /** The actions the policy table gives those roles here (docs/permissions.md): what to offer. */
  may: string[];
  body: Record<string, unknown> | null;
  /**
   * The first join's: every plugin's view at `seq`, the room's state to start from (the events
   * after it come to `onEvents`). A rejoin has none: it catches up with `since` instead.
   */
  views?: { seq: number; views: Record<string, unknown> };
}

export interface RoomConnectionOptions {
  url: string;
  room: string;
  token?: string;
  /** Events after the views, each once, in seq order. */
  onEvents: (events: RoomEvent[]) => void;
  onStatus: (change: StatusChange) => void;
  onHello?: (who: Identity) => void;
  /** After each join (the first, with the views, and every rejoin), before any event after it. */
  onJoined?: (joined: Joined) => void;
  /**
   * How many events before the views to recall, for the record only: they are already in the
   * views, so they come once to `onHistory` (in order, before any later event reaches
   * `onEvents`) and are never to be folded. 0: none.
   */
  history?: number;
  onHistory?: (events: RoomEvent[]) => void;
  /** The language the server answers refusals in ("en", "es"); `setLanguage` changes it. */
  lang?: string;
  socketFactory?: SocketFactory;
  backoff?: BackoffOptions;
  random?: () => number;
}

// Refusals that another attempt would only repeat.
const FATAL = new Set(['bad_token', 'forbidden', 'unknown_room', 'unsupported_version', 'bad_field']);
const OPEN = 1;

interface Pending {
  resolve: (ack: Ack) => void;
  reject: (error: ProtocolError) => void;
}

/** The events before the views, being recalled: (cursor, to] are still to come. */
interface Recall {
  to: number;
  cursor: number;
  events: RoomEvent[];
  /** Events after the views received meanwhile: delivered after the recalled ones. */
  held: RoomEvent[];
}

export class RoomConnection {
  private socket: SocketLike | null = null;
  private readonly pending = new Map<RequestId, Pending>();
  private nextId = 1;
  private lastSeq: number | null = null; // null until the first join's views
  private head = 0; // the room's head when this socket joined
  private recall: Recall | null = null;
  // Events that came in the join ack's frame, after it: taken in once the ack is.
  private early: RoomEvent[] | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private status: ConnectionStatus = 'connecting';
  private readonly factory: SocketFactory;

  constructor(private options: RoomConnectionOptions) {
    this.factory = options.socketFactory ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  /** The seq of the last event received (0 before the first join's views). */
  get seq(): number {
    return this.lastSeq ?? 0;
  }

  get currentStatus(): ConnectionStatus {
    return this.status;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Closes for good; pending requests fail with `connection_lost`. */
  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.drop(new ProtocolError('connection_lost', 'the connection was closed'));
    this.setStatus({ status: 'stopped' });
  }

  /** The network went away (the browser's `offline` event): close now, retry when it returns. */
  goOffline(): void {
    if (this.stopped) return;
    this.drop(new ProtocolError('connection_lost', 'the network is offline'));
    this.clearRetry();
    this.setStatus({ status: 'offline' });
  }

  /** Try again at once (the browser's `online` event, or the person asked). */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    this.clearRetry();
    this.attempt = 0;
    this.open();
  }

  /** An `act` request in this room; resolves with the ack, rejects with the error. */
  act(op: string, args: Record<string, unknown> = {}): Promise<Ack> {
    return this.request({ type: 'act', room: this.options.room, op, args });
  }

  /** A `view` request: the plugins' states, at the ack's seq. */
  view(): Promise<Ack> {
    return this.request({ type: 'view', room: this.options.room });
  }

  /** A `read` request: one part of a plugin's state (`minutes`: `{minutes, version}`). */
  read(plugin: string, query: Record<string, unknown>): Promise<Ack> {
    return this.request({ type: 'read', room: this.options.room, plugin, query });
  }

  /**
   * The reader switched languages: later refusals come in `lang`. Kept for the next hello too; a
   * connection that is not live now tells the server when it greets it.
   */
  setLanguage(lang: string): void {
    if (this.options.lang === lang) return;
    this.options = { ...this.options, lang };
    const socket = this.socket;
    if (socket && socket.readyState === OPEN && (this.status === 'live' || this.status === 'catching_up')) {
      this.send(socket, { type: 'language', lang }).catch(() => {
        /* a lost connection: the next hello carries the language */
      });
    }
  }

  /** A `say` request in this room; `replyTo` names the message it answers (L1). */
  say(text: string, replyTo?: number): Promise<Ack> {
    return this.request(replyTo ? { type: 'say', room: this.options.room, text, reply_to: replyTo } : { type: 'say', room: this.options.room, text });
  }

  private request(message: Record<string, unknown>): Promise<Ack> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || (this.status !== 'live' && this.status !== 'catching_up')) {
      return Promise.reject(new ProtocolError('offline', 'not connected; try again when the connection is back'));
    }
    return this.send(socket, message);
  }

  private send(socket: SocketLike, message: Record<string, unknown>): Promise<Ack> {
    const id = this.nextId++;
    return new Promise<Ack>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, ...message }));
    });
  }

  private open(): void {
    this.setStatus({ status: 'connecting' });
    let socket: SocketLike;
    try {
      socket = this.factory(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => void this.greet(socket);
    socket.onmessage = (ev) => this.receive(socket, ev.data);
    socket.onerror = () => {
      /* a close event follows */
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending(new ProtocolError('connection_lost', `the connection closed (${ev.code})`));
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private async greet(socket: SocketLike): Promise<void> {
    try {
      const hello = await this.send(socket, {
        type: 'hello',
        protocol: 1,
        ...(this.options.token ? { token: this.options.token } : {}),
        ...(this.options.lang ? { lang: this.options.lang } : {}),
      });
      this.options.onHello?.({ actor: hello.actor ?? 'public', name: hello.name ?? '' });
      const room = this.options.room;
      // The first join asks for the room's state (the views at its head), not its history; a
      // rejoin asks for every event it missed, from where the recall or the state left off.
      const since = this.lastSeq === null ? null : (this.recall?.cursor ?? this.lastSeq);
      this.early = [];
      const joined = await this.send(socket, since === null ? { type: 'join', room, views: true } : { type: 'join', room, since });
      if (this.socket !== socket) return;
      this.head = joined.seq ?? 0;
      if (since === null) this.lastSeq = this.head;
      this.attempt = 0;
      this.setStatus({ status: this.seq >= this.head ? 'live' : 'catching_up' });
      const words = (x: unknown) => (Array.isArray(x) ? x.filter((r): r is string => typeof r === 'string') : []);
      const roles = words(joined.roles);
      const may = words(joined.may);
      const body = joined.body && typeof joined.body === 'object' ? joined.body : null;
      this.options.onJoined?.(since === null ? { roles, may, body, views: { seq: this.head, views: joined.views ?? {} } } : { roles, may, body });
      if (since === null) this.recallHistory(socket);
      const early = this.early;
      this.early = null;
      this.takeIn(socket, early);
    } catch (error) {
      this.early = null;
      if (this.socket !== socket) return;
      const e = error instanceof ProtocolError ? error : new ProtocolError('internal', String(error));
      if (FATAL.has(e.code)) {
        this.stopped = true;
        this.drop(e);
        this.setStatus({ status: 'stopped', error: e });
      }
      // Otherwise (unavailable while the server restarts, a lost connection) onclose retries.
      else socket.close();
    }
  }

  /**
   * Asks once for the `history` events up to the views' seq, for the record. A join with
   * `since` is the protocol's way to read them, and this socket is already joined, so it leaves
   * and joins again at once: the server takes both in order, before any later request, and the
   * second join replays everything after `since`, so nothing is missed in between.
   */
  private recallHistory(socket: SocketLike): void {
    const to = this.lastSeq ?? 0;
    const from = Math.max(0, to - (this.options.history ?? 0));
    if (from >= to || !this.options.onHistory) return;
    this.recall = { to, cursor: from, events: [], held: [] };
    const room = this.options.room;
    // A refusal leaves the socket unjoined: closing it rejoins from the recall's cursor.
    const fail = () => {
      if (this.socket === socket) socket.close();
    };
    this.send(socket, { type: 'leave', room }).catch(fail);
    this.send(socket, { type: 'join', room, since: from }).catch(fail);
  }

  private receive(socket: SocketLike, data: unknown): void {
    if (this.socket !== socket || typeof data !== 'string') return;
    let messages: ServerMessage[];
    try {
      messages = parseFrame(data);
    } catch {
      socket.close(4000, 'unreadable frame');
      return;
    }
    let events: RoomEvent[] = [];
    for (const m of messages) {
      if (isEvent(m)) {
        events.push(m);
        continue;
      }
      // Events that came before an answer are taken in first: an ack follows its event.
      if (!this.takeIn(socket, events)) return;
      events = [];
      this.answer(m);
    }
    this.takeIn(socket, events);
  }

  /**
   * Takes received events in, in order: recalled ones (up to the views' seq) to the record,
   * later ones to the state, each once. On a gap it delivers what came before it and closes the
   * socket, so the rejoin asks again from there; returns false then.
   */
  private takeIn(socket: SocketLike, received: RoomEvent[]): boolean {
    if (this.early) {
      this.early.push(...received); // the join's ack is not taken in yet
      return true;
    }
    const events: RoomEvent[] = [];
    let gap = false;
    for (const m of received) {
      if (m.room !== this.options.room || this.lastSeq === null) continue;
      const recall = this.recall;
      if (recall && m.seq <= recall.to) {
        if (m.seq <= recall.cursor) continue; // a duplicate
        if (m.seq !== recall.cursor + 1) {
          gap = true;
          break;
        }
        recall.cursor = m.seq;
        recall.events.push(m);
        if (recall.cursor === recall.to) {
          this.recall = null;
          this.options.onHistory?.(recall.events);
          events.push(...recall.held);
        }
        continue;
      }
      if (m.seq <= this.lastSeq) continue; // a duplicate
      if (m.seq !== this.lastSeq + 1) {
        // A gap: never fold past it.
        gap = true;
        break;
      }
      this.lastSeq = m.seq;
      (recall ? recall.held : events).push(m);
    }
    this.flush(events);
    if (gap) socket.close(4001, 'gap in the room log');
    return !gap;
  }

  private flush(events: RoomEvent[]): void {
    if (events.length === 0) return;
    this.options.onEvents(events);
    if (this.status === 'catching_up' && this.seq >= this.head) this.setStatus({ status: 'live' });
  }

  private answer(m: ServerMessage): void {
    const id = (m as { id: RequestId | null }).id;
    if (id === null) return; // an error about an unreadable request: none of ours
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (m.type === 'ack') p.resolve(m as Ack);
    else {
      const e = m as { code?: string; message?: string; lang?: string };
      p.reject(new ProtocolError(e.code ?? 'internal', e.message ?? '', e.lang ?? 'en'));
    }
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? defaultBackoff, (this.options.random ?? Math.random)());
    this.setStatus({ status: 'offline', retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && !this.socket) this.open();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private drop(reason: ProtocolError): void {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onopen = null;
      try {
        socket.close(1000, 'closing');
      } catch {
        /* already closed */
      }
    }
    this.failPending(reason);
  }

  private failPending(reason: ProtocolError): void {
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }

  private setStatus(change: StatusChange): void {
    if (change.status === this.status && change.retryInMs === undefined && !change.error) return;
    this.status = change.status;
    this.options.onStatus(change);
  }
}
