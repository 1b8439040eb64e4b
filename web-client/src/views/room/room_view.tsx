// A meeting room: the meeting's status, the quorum, the motion on the floor with the buttons
// this person may use, the chair's controls, the votes taken, and the chat with the bots'
// announcements. The public sees the same room, read-only.
//
// Panels are independent, each folding its own plugin's events into state/ (as quorum.ts,
// motions.ts and notice.ts do): the agenda with its current item and the notice status, and the
// closed-session banner; minutes will be another.

import { useEffect } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import { linkHandler, useNavigate } from '../../navigation';
import { rememberRoom } from '../../recent_rooms';
import type { Session } from '../../session';
import { controls as controlsFor } from '../../state/capabilities';
import type { Choice } from '../../state/motions';
import { useRoom } from '../../state/use_room';
import { FeedbackLine, useActionRunner } from '../feedback';
import { AgendaPanel } from './agenda_panel';
import { ChairControls } from './chair_controls';
import { ClosedSessionBanner } from './closed_session_banner';
import { ConnectionBanner } from './connection_banner';
import { choiceName } from './describe_event';
import { DecisionsPanel } from './decisions_panel';
import { FloorPanel } from './floor_panel';
import { LiveAnnouncer } from './live_announcer';
import { QuorumPanel } from './quorum_panel';
import { TimelinePanel } from './timeline_panel';

export function RoomView({ room, session, onSessionEnded }: { room: string; session: Session | null; onSessionEnded: () => void }) {
  const { t, time } = useI18n();
  const navigate = useNavigate();
  const handle = useRoom(room, session?.token);
  const { state, status } = handle;
  const runner = useActionRunner();

  useEffect(() => {
    if (status.status === 'live') rememberRoom(room);
    if (status.status === 'stopped' && status.error?.code === 'bad_token') onSessionEnded();
  }, [status, room, onSessionEnded]);

  const viewer = { person: handle.me, roles: session?.roles ?? [] };
  const controls = controlsFor(viewer, state);
  const act = (op: string, args: Record<string, unknown>, done: string) => runner.run(op, () => handle.act(op, args), done);
  const doneKey = (op: string) => `done.${op}` as 'done.meeting.call_to_order';

  const departedOnDrop =
    controls.markPresent && state.quorum.lastDeparture?.person === handle.me && state.quorum.lastDeparture?.reason === 'disconnected';
  const loading = status.status !== 'stopped' && state.lastSeq === 0;
  const m = state.meeting;

  return (
    <div class="room">
      <div class="room-head">
        <div>
          <p class="breadcrumb">
            <a href="/" onClick={linkHandler(navigate, '/')}>
              {t('room.back')}
            </a>
          </p>
          <h1>{t('room.title', { room })}</h1>
          <p class="meeting-status" data-testid="meeting-status">
            <span class={`phase phase-${m.phase}`}>{t(`meeting.phase.${m.phase}`)}</span>
            {m.number > 0 && <span>{t('meeting.number', { number: m.number })}</span>}
            {m.presiding && m.phase !== 'not_in_session' && <span>{t('meeting.presiding', { name: m.presiding })}</span>}
            {m.sinceMs > 0 && <span>{t('meeting.since', { time: time(m.sinceMs) })}</span>}
          </p>
        </div>
        <ConnectionBanner status={status} onRetry={handle.reconnectNow} />
      </div>

      {!session && (
        <p class="notice">
          {t('room.asPublic')}{' '}
          <a href={`/login?next=${encodeURIComponent(`/room/${room}`)}`} onClick={linkHandler(navigate, `/login?next=${encodeURIComponent(`/room/${room}`)}`)}>
            {t('room.signInToTakePart')}
          </a>
        </p>
      )}
      {status.status === 'stopped' && status.error?.code === 'bad_token' && <p class="notice">{t('conn.signInAgain')}</p>}
      {loading && (
        <p class="muted" role="status">
          {t('room.loading')}
        </p>
      )}

      <LiveAnnouncer announcement={state.announcement} liveFrom={handle.liveFrom} />
      <FeedbackLine outcome={runner.outcome} onDismiss={runner.clear} />

      <ClosedSessionBanner
        closed={m.closed}
        statementDue={m.statementDue}
        canOpen={controls.openSession}
        busy={runner.busy}
        onOpen={() => act('meeting.open_session', {}, t('done.meeting.open_session'))}
      />

      <div class="room-grid">
        <div class="room-main">
          <ChairControls controls={controls} busy={runner.busy} onAct={(op) => act(op, {}, t(doneKey(op)))} />
          <AgendaPanel
            notice={state.notice}
            canTakeUp={controls.takeUp}
            busy={runner.busy}
            onTakeUp={(it) => act('notice.take_up', { item: it.item }, t('done.notice.take_up', { item: it.item }))}
          />
          <FloorPanel
            motions={state.motions}
            controls={controls}
            me={handle.me}
            actions={{
              busy: runner.busy,
              move: (kind, text) => act('motions.move', { kind, text }, t('done.motions.move')),
              second: () => act('motions.second', {}, t('done.motions.second')),
              vote: (choice: Choice) => act('motions.vote', { choice }, t('done.motions.vote', { choice: choiceName(choice, t) })),
            }}
          />
          <DecisionsPanel decided={state.motions.decided} />
        </div>
        <div class="room-side">
          <QuorumPanel
            quorum={state.quorum}
            me={handle.me}
            controls={{
              markPresent: controls.markPresent,
              markAbsent: controls.markAbsent,
              callRoll: controls.callRoll,
              departedOnDrop,
              busy: runner.busy,
              onPresent: () => act('quorum.present', { mode: 'remote' }, t('done.quorum.present')),
              onAbsent: () => act('quorum.absent', {}, t('done.quorum.absent')),
              onCallRoll: () => act('quorum.roll_call', {}, t('done.quorum.roll_call')),
            }}
          />
          <TimelinePanel
            entries={state.timeline}
            live={handle.liveFrom !== null && status.status === 'live'}
            canSay={controls.say}
            busy={runner.busy === 'say'}
            onSay={(text) => runner.run('say', () => handle.say(text), t('done.say'))}
          />
        </div>
      </div>
    </div>
  );
}
