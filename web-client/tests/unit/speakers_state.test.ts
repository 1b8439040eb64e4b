// The speaker queue's fold (P1-P3) and the time left it shows; tests/unit/views_state.test.ts
// proves the same fold against the server's view on a recorded meeting.
import { describe, expect, it } from 'vitest';
import { foldSpeakers, initialSpeakers, timeLeftMs, type SpeakersState } from '../../src/state/speakers';
import { clock } from '../../src/views/room/speakers_panel';

const fold = (events: [string, Record<string, unknown>, number][]): SpeakersState =>
  events.reduce((s, [type, body, ts]) => foldSpeakers(s, type, body, ts), initialSpeakers);

describe('the speaker queue', () => {
  it('keeps the order of asking; recognition takes one from the queue to the floor', () => {
    const s = fold([
      ['speakers.requested', { person: 3, name: 'Maria' }, 100],
      ['speakers.requested', { person: 2, name: 'Luis' }, 200],
      ['speakers.requested', { person: 4, name: 'Tom' }, 300],
      ['speakers.withdrawn', { person: 2 }, 400],
      ['speakers.recognized', { person: 4, name: 'Tom', until_ms: 60_500 }, 500],
    ]);
    expect(s.queue.map((r) => r.person)).toEqual([3]);
    expect(s.floor).toEqual({ person: 4, name: 'Tom', sinceMs: 500, untilMs: 60_500, pausedLeftMs: 0 });
    expect(timeLeftMs(s.floor!, 30_500)).toBe(30_000);
    expect(timeLeftMs(s.floor!, 90_000)).toBe(0);
  });

  it('P3: a point of order stops the clock and the ruling gives back what was left', () => {
    const s = fold([
      ['speakers.recognized', { person: 4, name: 'Tom', until_ms: 120_000 }, 0],
      ['motions.point_of_order', { point: 1 }, 30_000],
    ]);
    expect(s.pointPending).toBe(true);
    expect(s.floor!.pausedLeftMs).toBe(90_000);
    expect(timeLeftMs(s.floor!, 1_000_000)).toBe(90_000);
    const ruled = foldSpeakers(s, 'motions.ruled', { point: 1 }, 500_000);
    expect(ruled.pointPending).toBe(false);
    expect(ruled.floor).toMatchObject({ untilMs: 590_000, pausedLeftMs: 0 });
  });

  it('a new item or the adjournment starts a new queue; a turn without a limit has no time left', () => {
    const s = fold([
      ['speakers.requested', { person: 3, name: 'Maria' }, 100],
      ['speakers.recognized', { person: 3, name: 'Maria', until_ms: 0 }, 200],
      ['speakers.requested', { person: 4, name: 'Tom' }, 300],
    ]);
    expect(timeLeftMs(s.floor!, 10_000)).toBeNull();
    expect(foldSpeakers(s, 'notice.item_taken_up', { item: 2 }, 400)).toMatchObject({ item: 2, queue: [], floor: null });
    expect(foldSpeakers(s, 'meeting.adjourned', {}, 400)).toMatchObject({ item: 0, queue: [], floor: null });
  });

  it('shows minutes and seconds, rounded up', () => {
    expect(clock(120_000)).toBe('2:00');
    expect(clock(119_001)).toBe('2:00');
    expect(clock(61_000)).toBe('1:01');
    expect(clock(0)).toBe('0:00');
  });
});
