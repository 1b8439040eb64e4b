// One room over one WebSocket, kept alive: hello (with the session token, or as the public),
// join with `since` = the last event received, requests matched to their answers by id, and
// reconnection with backoff after a drop. Events reach the caller once each and in order: the
// connection drops duplicates and rejoins when it sees a gap.

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

export interface RoomConnectionOptions {
  url: string;
  room: string;
  token?: string;
  onEvents: (events: RoomEvent[]) => void;
  onStatus: (change: StatusChange) => void;
  onHello?: (who: Identity) => void;
  /** After each join (the first and every rejoin), with the roles the ack names: the time to ask for the views. */
  onJoined?: (joined: { roles: string[]; body: Record<string, unknown> | null }) => void;
  /** Events up to this seq are already held; the first join asks for those after it. */
  since?: number;
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

export class RoomConnection {
  private socket: SocketLike | null = null;
  private readonly pending = new Map<RequestId, Pending>();
  private nextId = 1;
  private lastSeq: number;
  private head = 0; // the room's head when this socket joined
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private status: ConnectionStatus = 'connecting';
  private readonly factory: SocketFactory;

  constructor(private options: RoomConnectionOptions) {
    this.lastSeq = options.since ?? 0;
    this.factory = options.socketFactory ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  /** The seq of the last event delivered. */
  get seq(): number {
    return this.lastSeq;
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
      const joined = await this.send(socket, { type: 'join', room: this.options.room, since: this.lastSeq });
      if (this.socket !== socket) return;
      this.head = joined.seq ?? 0;
      this.attempt = 0;
      this.setStatus({ status: this.lastSeq >= this.head ? 'live' : 'catching_up' });
      const roles = Array.isArray(joined.roles) ? joined.roles.filter((r): r is string => typeof r === 'string') : [];
      this.options.onJoined?.({ roles, body: joined.body && typeof joined.body === 'object' ? joined.body : null });
    } catch (error) {
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

  private receive(socket: SocketLike, data: unknown): void {
    if (this.socket !== socket || typeof data !== 'string') return;
    let messages: ServerMessage[];
    try {
      messages = parseFrame(data);
    } catch {
      socket.close(4000, 'unreadable frame');
      return;
    }
    const events: RoomEvent[] = [];
    for (const m of messages) {
      if (isEvent(m)) {
        if (m.room !== this.options.room || m.seq <= this.lastSeq) continue; // a duplicate
        if (m.seq !== this.lastSeq + 1) {
          // A gap: never fold past it. Rejoin from the last event held.
          this.flush(events);
          socket.close(4001, 'gap in the room log');
          return;
        }
        this.lastSeq = m.seq;
        events.push(m);
      } else {
        // Deliver events that came before an answer first: an ack follows its event.
        this.flush(events);
        this.answer(m);
      }
    }
    this.flush(events);
  }

  private flush(events: RoomEvent[]): void {
    if (events.length === 0) return;
    this.options.onEvents(events.splice(0));
    if (this.status === 'catching_up' && this.lastSeq >= this.head) this.setStatus({ status: 'live' });
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
