// The professional-development cycle (L3): initiatives folded from `cycle.*` and seeded from the
// `cycle` view, the next step expected, the forms' arguments, the report read, who runs it, and
// the wording in both languages.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/i18n';
import { controls } from '../../src/state/capabilities';
import { csvFileName, csvOf, cycleReportOf, mayRecord, nextStep, parseNames, recordArgs, startArgs, STEPS } from '../../src/state/cycle';
import { initialRoomState, roomReducer, type RoomState } from '../../src/state/room_state';
import { nextStepText } from '../../src/views/room/cycle_panel';
import { describeEvent } from '../../src/views/room/describe_event';
import { eventMaker, inDenver } from './events';
import { viewer } from './viewers';

const ROOM = 'rec6-literacy';
const en = translator('en');
const es = translator('es');

function started(): { e: ReturnType<typeof eventMaker>; s: RoomState } {
  const e = eventMaker(ROOM);
  const s = roomReducer(initialRoomState(ROOM), {
    type: 'events',
    events: [e('cycle.started', { initiative: 1, title: 'Structured literacy', region: 'Eastern Plains', notes: '', by: 'Priya Nakai' }, 'person:12')],
  });
  return { e, s };
}

const recorded = (e: ReturnType<typeof eventMaker>, step: string, entry: number) =>
  e('cycle.recorded', { initiative: 1, step, entry, date: '2026-10-01', people: ['Ana Ruiz'], notes: '', by: 'Priya Nakai' }, 'person:12');

describe('cycle (L3)', () => {
  it('folds initiatives and their steps; the next step follows the cycle', () => {
    const { e, s } = started();
    const i = s.cycle.initiatives[0]!;
    expect(i).toMatchObject({ initiative: 1, title: 'Structured literacy', region: 'Eastern Plains', by: 'Priya Nakai' });
    expect(nextStep(i.steps)).toBe('experts_trained');
    expect(nextStepText(i.steps, en)).toBe('Next step: Experts trained by the state.');
    expect(nextStepText(i.steps, es)).toBe('Paso siguiente: Expertos formados por el estado.');

    const two = roomReducer(s, { type: 'events', events: [recorded(e, 'experts_trained', 1), recorded(e, 'regional_training', 2)] });
    const steps = two.cycle.initiatives[0]!.steps;
    expect(steps).toEqual({ experts_trained: 1, regional_training: 1, observation: 0, coaching: 0, report: 0 });
    expect(nextStep(steps)).toBe('observation');
    expect(mayRecord(steps, 'observation')).toBe(true);
    expect(mayRecord(steps, 'coaching')).toBe(false); // out of order: the server refuses it
    expect(mayRecord(steps, 'regional_training')).toBe(true); // a step may be recorded again
    expect(two.cycle.changedAt).toBe(two.lastSeq);

    const all = roomReducer(two, { type: 'events', events: [recorded(e, 'observation', 3), recorded(e, 'coaching', 4), recorded(e, 'report', 5)] });
    expect(nextStep(all.cycle.initiatives[0]!.steps)).toBeNull();
    expect(nextStepText(all.cycle.initiatives[0]!.steps, en)).toBe('The cycle is complete: the report to the state is recorded.');
    expect(nextStepText(all.cycle.initiatives[0]!.steps, es)).toBe('El ciclo está completo: el informe al estado quedó registrado.');
  });

  it('is seeded from the cycle view at its seq', () => {
    const view = {
      initiatives: [
        { initiative: 2, title: 'Math', region: 'REC 6', by: 'Sam Begay', started_ms: 5, steps: { experts_trained: 1, regional_training: 2, observation: 0, coaching: 0, report: 0 } },
        { initiative: 1, title: 'Literacy', region: 'REC 6', by: 'Priya Nakai', started_ms: 1, steps: { experts_trained: 1, regional_training: 0, observation: 0, coaching: 0, report: 0 } },
      ],
    };
    const s = roomReducer(initialRoomState(ROOM), { type: 'view', seq: 9, views: { cycle: view } });
    expect(s.cycle.initiatives.map((i) => i.initiative)).toEqual([1, 2]);
    expect(nextStep(s.cycle.initiatives[1]!.steps)).toBe('observation');
    // An older view changes nothing.
    const older = roomReducer(s, { type: 'view', seq: 3, views: { cycle: { initiatives: [] } } });
    expect(older.cycle.initiatives).toHaveLength(2);
  });

  it('turns the forms into cycle.start and cycle.record arguments', () => {
    expect(parseNames('Ana Ruiz\nBen Ortiz, Lena Sandoval;  \n ,')).toEqual(['Ana Ruiz', 'Ben Ortiz', 'Lena Sandoval']);
    expect(startArgs({ title: ' ', region: '', notes: '' })).toEqual({ ok: false, problems: ['title'] });
    expect(startArgs({ title: ' Literacy ', region: '', notes: ' n ' })).toEqual({ ok: true, args: { title: 'Literacy', notes: 'n' } });
    const form = { step: 'regional_training' as const, date: '2026-10-01', people: 'Ana Ruiz, Ben Ortiz', notes: '', webinar: '1', needs: 'ignored' };
    expect(recordArgs(1, form)).toEqual({ ok: true, args: { initiative: 1, step: 'regional_training', date: '2026-10-01', people: ['Ana Ruiz', 'Ben Ortiz'], webinar: 1 } });
    expect(recordArgs(1, { ...form, step: 'observation' })).toEqual({ ok: true, args: { initiative: 1, step: 'observation', date: '2026-10-01', people: ['Ana Ruiz', 'Ben Ortiz'] } });
    expect(recordArgs(1, { ...form, step: 'report', needs: '', people: '', date: '' })).toEqual({ ok: false, problems: ['date', 'people', 'needs'] });
    expect(recordArgs(1, { ...form, step: 'report', needs: 'Fluency\nDecoding' })).toMatchObject({ ok: true, args: { needs: ['Fluency', 'Decoding'] } });
  });

  it('reads the report and the CSV', () => {
    const report = cycleReportOf({
      initiative: 1,
      title: 'Literacy',
      region: 'REC 6',
      notes: 'n',
      by: 'Priya Nakai',
      started_ms: 7,
      steps: STEPS.map((step) => ({
        step,
        name: '…',
        entries: step === 'report' ? [{ entry: 5, step, date: '2026-11-01', people: ['Priya Nakai'], notes: '', needs: ['Fluency'], by: 'Priya Nakai', recorded_ms: 9 }] : [],
      })),
    })!;
    expect(report.steps).toHaveLength(5);
    expect(report.steps[4]!.entries[0]).toEqual({ entry: 5, step: 'report', date: '2026-11-01', people: ['Priya Nakai'], notes: '', webinar: null, needs: ['Fluency'], by: 'Priya Nakai', recordedMs: 9 });
    expect(csvOf({ csv: 'a,b\r\n' })).toBe('a,b\r\n');
    expect(csvOf({})).toBeNull();
    expect(csvFileName('rec6-literacy', 3)).toBe('cycle-rec6-literacy-3.csv');
  });

  it('is run by those who schedule webinars, in a room whose body is not public', () => {
    const circle = roomReducer(initialRoomState(ROOM), {
      type: 'joined',
      body: { slug: 'rec6-literacy', name: 'Early Literacy Learning Circle', kind: 'learning_circle', timeZone: 'America/Denver', public: false },
    });
    const council = roomReducer(initialRoomState('rec6-council'), {
      type: 'joined',
      body: { slug: 'rec6-council', name: 'REC 6 Council', kind: 'council', timeZone: 'America/Denver', public: true },
    });
    expect(controls(viewer(12, ['facilitator']), circle).runCycle).toBe(true);
    expect(controls(viewer(10, ['non_voting_member']), circle).runCycle).toBe(true);
    expect(controls(viewer(14, ['participant']), circle).runCycle).toBe(false);
    // The cycle plugin refuses a public body's room (public_room), and before the join says, nothing is offered.
    expect(controls(viewer(10, ['non_voting_member']), council).runCycle).toBe(false);
    expect(controls(viewer(12, ['facilitator']), initialRoomState(ROOM)).runCycle).toBe(false);
  });

  it('words the cycle events and its refusals in both languages', () => {
    const { e } = started();
    const entry = recorded(e, 'observation', 3);
    const line = { seq: entry.seq, ts: entry.ts, type: entry.type, actor: entry.actor, body: entry.body };
    expect(describeEvent(line, en, inDenver('en'))).toBe('Priya Nakai recorded “Observation of implementation” for initiative 1.');
    expect(describeEvent(line, es, inDenver('es'))).toBe('Priya Nakai registró «Observación de la implementación» para la iniciativa 1.');
    expect(en('error.out_of_order')).toBe('That step comes later in the cycle.');
    expect(es('error.out_of_order')).toBe('Ese paso viene más adelante en el ciclo.');
  });
});
