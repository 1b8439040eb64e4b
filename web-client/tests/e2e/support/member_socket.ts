// A council member taking part over a raw WebSocket from Node, as any client of the documented
// protocol would: the scenarios use a few to make up the quorum beside the browsers.

import WebSocket from 'ws';

type Json = Record<string, unknown>;

export class MemberSocket {
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: Json) => void>();
  readonly events: Json[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed: unknown = JSON.parse(data.toString());
      for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as Json[]) {
        if (String(m.type).includes('.')) this.events.push(m);
        else this.waiting.get(m.id as number)?.(m);
      }
    });
  }

  /** Logs in as `email`, says hello and joins `room`. */
  static async join(origin: string, email: string, password: string, room = 'rec6-council'): Promise<MemberSocket> {
    const login = await fetch(`${origin}/api/login`, { method: 'POST', body: JSON.stringify({ email, password }) });
    if (!login.ok) throw new Error(`login of ${email} failed: ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const member = new MemberSocket(ws);
    await member.must({ type: 'hello', protocol: 1, token });
    await member.must({ type: 'join', room });
    return member;
  }

  request(message: Json): Promise<Json> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, ...message }));
    });
  }

  /** A request that must be acknowledged. */
  async must(message: Json): Promise<Json> {
    const answer = await this.request(message);
    if (answer.type !== 'ack') throw new Error(`${JSON.stringify(message)} refused: ${JSON.stringify(answer)}`);
    return answer;
  }

  act(op: string, args: Json = {}, room = 'rec6-council') {
    return this.must({ type: 'act', room, op, args });
  }

  say(text: string, room = 'rec6-council') {
    return this.must({ type: 'say', room, text });
  }

  close() {
    this.ws.close();
  }
}
