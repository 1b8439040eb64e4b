// A socket that records what the client sends and lets the test play the server.
import type { SocketLike } from '../../src/protocol/room_connection';

export class ScriptedSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  frame(payload: unknown) {
    this.onmessage?.({ data: JSON.stringify(payload) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  last() {
    return this.sent[this.sent.length - 1]!;
  }
}

/** Lets the client's promise continuations run (a frame's answers resolve its requests). */
export async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
