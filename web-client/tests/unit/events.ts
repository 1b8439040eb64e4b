// Building room events for tests, with seq numbers in order.
import type { Language } from '../../src/i18n/i18n';
import type { RoomEvent } from '../../src/protocol/messages';
import type { DescribeContext } from '../../src/views/room/describe_event';
import { zonedFormat } from '../../src/views/room/zoned_time';

/** Events worded as the demo bodies' rooms word them: times in America/Denver, in `language`. */
export const inDenver = (language: Language): DescribeContext => ({ time: zonedFormat(language, 'America/Denver').time });

export function eventMaker(room = 'rec6-council') {
  let seq = 0;
  return (type: string, body: Record<string, unknown> = {}, actor = 'person:1'): RoomEvent => {
    seq += 1;
    // C3, L1: a closed session's or a redaction's stand-in comes as the server sends it, without a time.
    if (type === 'session.withheld' || type === 'event.redacted') return { type, room, seq, actor, body, prev_hash: `h${seq - 1}`, hash: `h${seq}` };
    return { type, room, seq, ts: 1_764_108_900_000 + seq * 1000, actor, body, hash: `h${seq}` };
  };
}

export const arrived = (person: number, name: string, counts = true) => ({ person, name, mode: 'remote', counts, recorded_by: person });
