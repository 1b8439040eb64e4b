// Protocol v1 messages (docs/protocol.md): what the server sends, and reading a frame of them.

export type RequestId = number | string;

/**
 * A room event: a `type` with a dot, a gapless `seq` per room. A `session.withheld` stand-in for a
 * closed-session event (C3) has no `ts` and no `salt`, and has `prev_hash`.
 */
export interface RoomEvent {
  type: string;
  room: string;
  seq: number;
  ts?: number;
  actor: string;
  body: Record<string, unknown>;
  hash: string;
  /** The secret the hash commits to (chain encoding v2); only to those who may see the event. */
  salt?: string;
  prev_hash?: string;
}

export interface Ack {
  type: 'ack';
  id: RequestId;
  seq?: number;
  protocol?: number;
  actor?: string;
  name?: string;
  /** The answer to `view`: each plugin's folded state. */
  views?: Record<string, unknown>;
  /** The answer to `join`: the client's roles in this room (docs/permissions.md). */
  roles?: string[];
  /** The answer to `join`: the actions the policy table gives those roles in this room. */
  may?: string[];
  /** The answer to `join` in a body's room: `slug`, `name`, `kind`, `time_zone`, `public`. */
  body?: Record<string, unknown>;
  /** The answer to `read`: one part of a plugin's state (the minutes document). */
  result?: unknown;
}

export interface ErrorMessage {
  type: 'error';
  id: RequestId | null;
  code: string;
  message: string;
}

export type ServerMessage = RoomEvent | Ack | ErrorMessage;

export function isEvent(m: ServerMessage): m is RoomEvent {
  return m.type.includes('.');
}

/**
 * The messages of one server frame: a frame holds one message object or an array of them, in
 * order (the server batches). Throws on a frame that is neither.
 */
export function parseFrame(text: string): ServerMessage[] {
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (const m of list) {
    if (typeof m !== 'object' || m === null || typeof (m as { type?: unknown }).type !== 'string') {
      throw new Error('a server frame must hold message objects with a type');
    }
  }
  return list as ServerMessage[];
}

/** The answer to a request was an error, or the request could not be answered. */
export class ProtocolError extends Error {
  /**
   * `lang`: the language the server wrote `message` in (its error frames and API answers say;
   * "en" when they do not, as from an older server, and for the client's own messages).
   */
  constructor(
    readonly code: string,
    message: string,
    readonly lang: string = 'en',
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Person id of an actor "person:12", or null. */
export function personOf(actor: string | undefined): number | null {
  if (!actor?.startsWith('person:')) return null;
  const id = Number(actor.slice('person:'.length));
  return Number.isInteger(id) ? id : null;
}
