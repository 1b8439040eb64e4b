// One timeline entry in words, in the reader's language, from the event's type and body (never
// the server's English announcement text).

import type { Translate } from '../../i18n/i18n';
import { isKey } from '../../i18n/i18n';
import { list, num, str } from '../../state/body';
import { meetingTitle } from '../../state/notice';
import { offsetText } from '../../state/webinar';
import type { TimelineEntry } from '../../state/timeline';

export function kindName(kind: string, t: Translate): string {
  const key = `motion.kind.${kind}`;
  return isKey(key) ? t(key) : kind;
}

export function choiceName(choice: string, t: Translate): string {
  const key = `choice.${choice}`;
  return isKey(key) ? t(key) : choice;
}

/** Q3: why a vote was suspended ("quorum lost", "meeting adjourned", "meeting recessed"), in words. */
export function suspendReason(reason: string, t: Translate): string {
  const key = `suspend.${reason.replace(/ /g, '_')}`;
  return isKey(key) ? t(key) : reason;
}

/** A decided vote's counts, with "N not voting" when present members did not vote (M2). */
export function decidedText(
  b: { number: number; result: string; aye: number; nay: number; abstain: number; notVoting: number },
  t: Translate,
): string {
  const params = {
    number: b.number,
    result: t(b.result === 'adopted' ? 'ev.motions.decided.adopted' : 'ev.motions.decided.failed'),
    aye: b.aye,
    nay: b.nay,
    abstain: b.abstain,
    notVoting: b.notVoting,
  };
  return t(b.notVoting > 0 ? 'ev.motions.decidedNotVoting' : 'ev.motions.decided', params);
}

/**
 * What wording some events needs beyond the translations: times in the body's zone, in the
 * reader's language (zoned_time.ts). Required, so that no event falls back on the server's
 * English time (`until_text`).
 */
export interface DescribeContext {
  time: (ms: number) => string;
}

export function describeEvent(e: TimelineEntry, t: Translate, context: DescribeContext): string {
  const b = e.body;
  const number = num(b, 'motion');
  switch (e.type) {
    case 'chat.message':
      // L1: a deleted or removed message's entry has no text left (state/timeline.ts).
      return typeof b.text === 'string' ? b.text : t('chat.gone');
    case 'chat.removed': {
      const params = { by: str(b, 'by'), name: str(b, 'author'), reason: str(b, 'reason') };
      return t(params.name ? 'ev.chat.removed' : 'ev.chat.removedUnknown', params);
    }
    case 'chat.muted': {
      const until = num(b, 'until_ms');
      const params = { by: str(b, 'by'), name: str(b, 'name'), reason: str(b, 'reason'), until: until > 0 ? context.time(until) : '' };
      const key = until > 0 ? (params.reason ? 'ev.chat.mutedUntilReason' : 'ev.chat.mutedUntil') : params.reason ? 'ev.chat.mutedReason' : 'ev.chat.muted';
      return t(key, params);
    }
    case 'chat.unmuted':
      return t(str(b, 'name') ? 'ev.chat.unmuted' : 'ev.chat.unmutedUnknown', { by: str(b, 'by'), name: str(b, 'name') });
    case 'cycle.started':
      return t('ev.cycle.started', { by: str(b, 'by'), initiative: num(b, 'initiative'), title: str(b, 'title') });
    case 'cycle.recorded': {
      const step = str(b, 'step');
      const key = `cycle.step.${step}`;
      return t('ev.cycle.recorded', { by: str(b, 'by'), initiative: num(b, 'initiative'), step: isKey(key) ? t(key) : step });
    }
    case 'speakers.requested':
      return t('ev.speakers.requested', { name: str(b, 'name') });
    case 'speakers.withdrawn':
      return t('ev.speakers.withdrawn', { name: str(b, 'name') });
    case 'speakers.recognized':
      return t(num(b, 'minutes') > 0 ? 'ev.speakers.recognizedFor' : 'ev.speakers.recognized', { name: str(b, 'name'), minutes: num(b, 'minutes') });
    case 'speakers.floor_ended': {
      const reason = str(b, 'reason');
      return t(reason === 'time' ? 'ev.speakers.outOfTime' : reason === 'yielded' ? 'ev.speakers.yielded' : 'ev.speakers.ended', { name: str(b, 'name') });
    }
    case 'speakers.limit_set':
      return t(num(b, 'minutes') > 0 ? 'ev.speakers.limitSet' : 'ev.speakers.limitCleared', { minutes: num(b, 'minutes') });
    case 'meeting.called_to_order':
      return t(b.unnoticed === true ? 'ev.meeting.called_to_order.unnoticed' : 'ev.meeting.called_to_order', {
        presiding: str(b, 'presiding'),
        number: num(b, 'number'),
      });
    case 'meeting.recessed':
    case 'meeting.resumed':
    case 'meeting.adjourned': {
      // An adopted motion to adjourn or recess takes effect at once (its wording is in the votes taken).
      const byMotion = num(b, 'by_motion');
      if (byMotion > 0 && e.type !== 'meeting.resumed') {
        return t(e.type === 'meeting.adjourned' ? 'ev.meeting.adjournedByMotion' : 'ev.meeting.recessedByMotion', { motion: byMotion });
      }
      const line = t(`ev.${e.type}` as 'ev.meeting.recessed', { presiding: str(b, 'presiding') });
      const note = str(b, 'note');
      return note ? `${line} ${t('meeting.note', { note })}` : line;
    }
    case 'quorum.arrived':
      if (str(b, 'mode') === 'designee') {
        const designee = b.designee && typeof b.designee === 'object' ? str(b.designee as Record<string, unknown>, 'name') : '';
        return t(b.counts === false ? 'ev.quorum.arrivedDesigneeNotCounted' : 'ev.quorum.arrivedDesignee', { designee, name: str(b, 'name') });
      }
      return t('ev.quorum.arrived', {
        name: str(b, 'name'),
        mode: t(str(b, 'mode') === 'in_person' ? 'presence.in_person' : 'presence.remote'),
      });
    case 'quorum.departed': {
      const reason = str(b, 'reason');
      const key =
        reason === 'disconnected'
          ? 'ev.quorum.departed.disconnected'
          : reason === 'marked absent'
            ? 'ev.quorum.departed.marked'
            : reason === 'meeting adjourned'
              ? 'ev.quorum.departed.adjourned'
              : reason === 'meeting recessed to a later day'
                ? 'ev.quorum.departed.recessed'
                : 'ev.quorum.departed.left';
      return t(key, { name: str(b, 'name') });
    }
    case 'quorum.established':
    case 'quorum.lost':
      return t(e.type === 'quorum.established' ? 'quorum.established' : 'quorum.lost', {
        counted: num(b, 'counted'),
        members: num(b, 'members'),
        required: num(b, 'required'),
      });
    case 'quorum.proxy_noted':
      return t('ev.quorum.proxy_noted', { member: str(b, 'member_name'), holder: str(b, 'holder') });
    case 'quorum.presence':
      return t('ev.quorum.presence', { count: list(b, 'present').length });
    case 'quorum.roll_called':
      return t('ev.quorum.roll_called', { counted: num(b, 'counted'), members: num(b, 'members'), required: num(b, 'required') });
    case 'motions.made': {
      const kind = str(b, 'kind', 'main');
      const text = str(b, 'text');
      const name = str(b, 'mover_name');
      if (kind === 'main' && text) return t('ev.motions.made', { name, text, number });
      const what = text ? `${kindName(kind, t)}: “${text}”` : kindName(kind, t);
      return t('ev.motions.madeKind', { name, kind: what, number });
    }
    case 'motions.seconded':
      return t('ev.motions.seconded', { name: str(b, 'seconder_name'), number });
    case 'motions.stated':
      return t('ev.motions.stated', { number, text: str(b, 'text') });
    case 'motions.voting_opened':
      return t('ev.motions.voting_opened', { number });
    case 'motions.vote_cast': {
      // M2: a changed vote says what it replaces.
      const previous = str(b, 'previous');
      if (previous) {
        return t('ev.motions.vote_changed', { name: str(b, 'name'), previous: choiceName(previous, t), choice: choiceName(str(b, 'choice'), t), number });
      }
      return t('ev.motions.vote_cast', { name: str(b, 'name'), choice: choiceName(str(b, 'choice'), t), number });
    }
    case 'motions.vote_suspended':
      return t('ev.motions.vote_suspended', { number, reason: suspendReason(str(b, 'reason'), t), count: list(b, 'votes').length });
    case 'motions.withdrawn':
      return t('ev.motions.withdrawn', { number });
    case 'motions.decided':
      return decidedText(
        {
          number,
          result: str(b, 'result'),
          aye: num(b, 'aye'),
          nay: num(b, 'nay'),
          abstain: num(b, 'abstain'),
          notVoting: num(b, 'not_voting', list(b, 'votes').filter((v) => v.vote === 'not_voting').length),
        },
        t,
      );
    case 'motions.division':
      return t('ev.motions.division', { number, aye: num(b, 'aye'), nay: num(b, 'nay'), abstain: num(b, 'abstain') });
    case 'motions.point_of_order':
      return t('ev.motions.point_of_order', { name: str(b, 'name'), text: str(b, 'text') });
    case 'motions.ruled':
      return t(str(b, 'ruling') === 'well_taken' ? 'ev.motions.ruled.well_taken' : 'ev.motions.ruled.not_well_taken');
    case 'motions.inquiry':
      return t('ev.motions.inquiry', { name: str(b, 'name'), text: str(b, 'text') });
    case 'motions.answered':
      return t('ev.motions.answered', { text: str(b, 'text') });
    case 'meeting.session_opened':
      return t('ev.meeting.session_opened', { presiding: str(b, 'presiding') });
    case 'meeting.guest_admitted':
      return str(b, 'role')
        ? t('ev.meeting.guest_admittedRole', { name: str(b, 'name'), role: str(b, 'role') })
        : t('ev.meeting.guest_admitted', { name: str(b, 'name') });
    case 'meeting.guest_dismissed':
      return t('ev.meeting.guest_dismissed', { name: str(b, 'name') });
    case 'session.withheld':
      // C3: the server's line naming the statute and subject, shown as given.
      return str(b, 'text');
    case 'notice.item_taken_up':
      return t('ev.notice.item_taken_up', { item: num(b, 'item'), title: str(b, 'title') });
    case 'notice.meeting_scheduled':
      return t('ev.notice.meeting_scheduled', {
        meeting: num(b, 'meeting'),
        title: meetingTitle({ kind: str(b, 'kind'), title: str(b, 'title'), titleDefault: b.title_default === true, bodyName: str(b, 'body_name') }, t),
      });
    case 'notice.agenda_drafted':
    case 'notice.posted': {
      // N6: an emergency meeting's agenda amended while it is in session says so.
      const amended = b.amended_in_session === true;
      const key = e.type === 'notice.posted' ? (amended ? 'ev.notice.posted_amended' : 'ev.notice.posted') : amended ? 'ev.notice.agenda_amended' : 'ev.notice.agenda_drafted';
      return t(key, { meeting: num(b, 'meeting'), version: num(b, 'version') });
    }
    case 'notice.resent': {
      const params = { meeting: num(b, 'meeting'), version: num(b, 'version') };
      return str(b, 'reason') ? t('ev.notice.resentReason', { ...params, reason: str(b, 'reason') }) : t('ev.notice.resent', params);
    }
    case 'notice.cancelled':
      return t('ev.notice.cancelled', { meeting: num(b, 'meeting') });
    case 'minutes.edited':
    case 'minutes.completed':
      return t(e.type === 'minutes.edited' ? 'ev.minutes.edited' : 'ev.minutes.completed', { name: str(b, 'by_name'), number: num(b, 'minutes') });
    case 'webinar.scheduled':
      return t('ev.webinar.scheduled', {
        webinar: num(b, 'webinar'),
        title: str(b, 'title'),
        sessions: t('webinarForm.sessions', { count: list(b, 'sessions').length }),
      });
    case 'webinar.cancelled':
      return str(b, 'reason')
        ? t('ev.webinar.cancelledReason', { webinar: num(b, 'webinar'), reason: str(b, 'reason') })
        : t('ev.webinar.cancelled', { webinar: num(b, 'webinar') });
    case 'webinar.registered':
    case 'webinar.unregistered':
    case 'webinar.promoted':
      // Registrants are not named in events (the public may read them); the facilitator's read names them.
      return t(`ev.${e.type}` as 'ev.webinar.registered', { webinar: num(b, 'webinar') });
    case 'webinar.waitlisted':
      return t('ev.webinar.waitlisted', { webinar: num(b, 'webinar'), position: num(b, 'position') });
    case 'webinar.reminder':
      return t('ev.webinar.reminder', { title: str(b, 'title'), offset: offsetText(num(b, 'offset_minutes'), t) });
    case 'webinar.attendance':
      return t('ev.webinar.attendance', { webinar: num(b, 'webinar'), session: num(b, 'session'), count: list(b, 'attendees').length });
    case 'quorum.oma_warning':
    case 'quorum.oma_warning_cleared':
      return t(`ev.${e.type}` as 'ev.quorum.oma_warning', { counted: num(b, 'counted'), council: str(b, 'council_name') });
    default:
      return t('ev.other', { type: e.type });
  }
}

/** The name a bot speaks under: "plugin:quorum" → Quorum. */
export function botName(actor: string, t: Translate): string {
  if (actor === 'plugin:quorum') return t('bot.quorum');
  if (actor === 'plugin:motions') return t('bot.motions');
  if (actor === 'plugin:webinar') return t('bot.webinar');
  return t('bot.other');
}
