// The meeting's lifecycle (the meeting plugin, B4): called to order, recessed, resumed, adjourned.

import { num, str, type Body } from './body';

export type MeetingPhase = 'not_in_session' | 'in_session' | 'recessed' | 'adjourned';

export interface MeetingState {
  phase: MeetingPhase;
  number: number; // meetings called to order in this room so far
  sinceMs: number; // when the phase began
  presiding: string;
  note: string;
}

export const initialMeeting: MeetingState = { phase: 'not_in_session', number: 0, sinceMs: 0, presiding: '', note: '' };

const PHASE_OF: Record<string, MeetingPhase> = {
  'meeting.called_to_order': 'in_session',
  'meeting.recessed': 'recessed',
  'meeting.resumed': 'in_session',
  'meeting.adjourned': 'adjourned',
};

export function foldMeeting(state: MeetingState, type: string, body: Body, ts: number): MeetingState {
  const phase = PHASE_OF[type];
  if (!phase) return state;
  return {
    phase,
    number: type === 'meeting.called_to_order' ? num(body, 'number', state.number + 1) : state.number,
    sinceMs: ts,
    presiding: str(body, 'presiding', state.presiding),
    note: str(body, 'note'),
  };
}
