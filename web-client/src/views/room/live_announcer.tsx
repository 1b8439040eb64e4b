// Speaks quorum changes, the meeting's steps, vote results and chat moderation (L1: never a
// removed message's text) to screen readers as they happen live (not when the log is replayed on
// join).

import { useI18n } from '../../i18n/i18n';
import type { Announcement } from '../../state/room_state';
import { decidedText, describeEvent, suspendReason } from './describe_event';

export function LiveAnnouncer({ announcement, liveFrom }: { announcement: Announcement | null; liveFrom: number | null }) {
  const { t, time } = useI18n();
  let text = '';
  if (announcement && liveFrom !== null && announcement.seq > liveFrom) {
    if (announcement.kind === 'quorum') {
      text = t(announcement.hasQuorum ? 'quorum.established' : 'quorum.lost', {
        counted: announcement.counted,
        members: announcement.members,
        required: announcement.required,
      });
    } else if (announcement.kind === 'decided') {
      text = decidedText(announcement, t);
    } else if (announcement.kind === 'moderation') {
      // L1: moderation in words; a removed message's text is never spoken.
      const a = announcement;
      const entry = {
        seq: a.seq,
        type: a.type,
        actor: '',
        body: { by: a.by, name: a.name, author: a.name, reason: a.reason, ...(a.untilMs !== null ? { until_ms: a.untilMs } : {}) },
      };
      text = describeEvent(entry, t, { time });
    } else if (announcement.kind === 'suspended') {
      text = t('motion.suspended', { reason: suspendReason(announcement.reason, t) });
    } else {
      const phase = {
        'meeting.called_to_order': 'meeting.phase.in_session',
        'meeting.recessed': 'meeting.phase.recessed',
        'meeting.resumed': 'meeting.phase.in_session',
        'meeting.adjourned': 'meeting.phase.adjourned',
      } as const;
      const key = phase[announcement.type as keyof typeof phase];
      text = key ? t(key) : '';
    }
  }
  return (
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
