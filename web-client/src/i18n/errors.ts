// A refusal or failure, in words: the translated meaning of its code, and the server's own
// reason (which cites the rule, in the reader's language when the server wrote it so) beside it.

import { ProtocolError } from '../protocol/messages';
import { isKey, type Translate } from './i18n';

export interface ErrorText {
  code: string;
  summary: string;
  /** The server's reason, shown as it came. */
  detail: string;
  /** The language `detail` is in (its element's lang attribute). */
  detailLang: string;
}

/**
 * The plugins' refusals (docs/protocol.md, "act"), each worded as `error.<code>` in en.ts and
 * es.ts (tests/unit/i18n.test.ts checks every one is). Among them the meeting law of issue #16:
 * `not_present` (Q1, M2: only members recorded present move, second or vote), `not_in_session`
 * (B4), `previous_question_ordered` (M4), `before_noticed_time` (N3),
 * `not_lawfully_noticed` (N9: the chair is warned before calling such a meeting to order),
 * `unknown_guest` (C3) and `not_posted` (N7).
 */
export const REFUSAL_CODES = [
  'bad_state', 'already_present', 'not_present', 'not_a_member', 'no_body', 'no_quorum', 'no_motion',
  'question_pending', 'own_motion', 'needs_second', 'not_mover', 'chair_may_not_move', 'chair_vote_not_decisive',
  'bad_amendment', 'nothing_tabled', 'not_prevailing_side', 'point_pending', 'no_point', 'no_inquiry',
  'nothing_to_appeal', 'no_withdrawal_request', 'objection', 'unknown_meeting', 'needs_justification',
  'agenda_final', 'nothing_new', 'not_in_session', 'not_on_agenda', 'needs_place', 'not_specific',
  'closed_session', 'statement_due', 'no_minutes', 'minutes_official', 'no_version', 'unknown_query',
  'approval_pending', 'unknown_webinar', 'overlap', 'already_registered', 'not_registered', 'not_a_person',
  'not_a_facilitator', 'no_message', 'not_author', 'muted', 'not_muted', 'unknown_initiative', 'out_of_order',
  'public_room', 'previous_question_ordered', 'before_noticed_time', 'not_lawfully_noticed',
  'unknown_guest', 'not_posted',
] as const;

export function describeError(error: unknown, t: Translate): ErrorText {
  const code = error instanceof ProtocolError ? error.code : 'internal';
  const detail = error instanceof ProtocolError ? error.message : '';
  const detailLang = error instanceof ProtocolError ? error.lang : 'en';
  const key = `error.${code}`;
  return { code, summary: isKey(key) ? t(key) : t('error.unknown', { code }), detail, detailLang };
}
