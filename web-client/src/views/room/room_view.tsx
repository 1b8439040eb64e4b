// A meeting room: the meeting's status, the quorum, the motion on the floor with the buttons
// this person may use, the chair's controls, the votes taken, and the chat with the bots'
// announcements. The public sees the same room, read-only.
//
// Panels are independent, each folding its own plugin's events into state/ (as quorum.ts,
// motions.ts and notice.ts do): the agenda with its current item and the notice status, and the
// closed-session banner. Four tabs: the meeting; the minutes (everyone reads them, the clerk
// edits the draft beside the record); notices and agendas (for those who post them); webinars
// (L2: registering for everyone signed in, scheduling for facilitators). In a learning circle
// the people with a seat are recorded present on entering, for attendance, and facilitators see
// the L4 warning while a council's quorum is in the circle.

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { I18nContext, useI18n, type I18n } from '../../i18n/i18n';
import { useServerCatalog } from '../../i18n/server_catalog';
import { wordServerMessage } from '../../i18n/server_messages';
import { linkHandler, useNavigate } from '../../navigation';
import { rememberRoom } from '../../recent_rooms';
import type { Session } from '../../session';
import { controls as controlsFor } from '../../state/capabilities';
import type { Choice } from '../../state/motions';
import { useRoom, type JoinedView } from '../../state/use_room';
import { bodyTimeZone, circleSeat, newsFor, shouldMarkPresent } from '../../state/webinar';
import { ProtocolError } from '../../protocol/messages';
import { FeedbackLine, useActionRunner } from '../feedback';
import { AgendaPanel } from './agenda_panel';
import { CallToOrderWarning } from './call_to_order_warning';
import { ChairControls } from './chair_controls';
import { CirclePresence, OmaWarningBanner, WebinarNewsLine } from './circle_banners';
import { ClosedSessionBanner } from './closed_session_banner';
import { ConnectionBanner } from './connection_banner';
import { CyclePanel } from './cycle_panel';
import { choiceName } from './describe_event';
import { DecisionsPanel } from './decisions_panel';
import { FloorPanel } from './floor_panel';
import { LiveAnnouncer } from './live_announcer';
import { MinutesPanel } from './minutes_panel';
import { NoticesPanel } from './notices_panel';
import { QuorumPanel } from './quorum_panel';
import { SpeakersPanel } from './speakers_panel';
import { RoomUnavailable, unavailablePage, unavailableReason } from './room_unavailable';
import { TimelinePanel } from './timeline_panel';
import { WebinarsPanel } from './webinars_panel';
import { knownZone, zonedFormat } from './zoned_time';

type Tab = 'meeting' | 'minutes' | 'notices' | 'webinars' | 'cycle';

const TABS_BY_HASH: Record<string, Tab> = { '#minutes': 'minutes', '#notices': 'notices', '#webinars': 'webinars', '#cycle': 'cycle' };

/** The room's sections as tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
function RoomTabs({ tabs, current, onChange }: { tabs: { id: Tab; label: string }[]; current: Tab; onChange: (tab: Tab) => void }) {
  const { t } = useI18n();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const go = (tab: Tab) => {
    onChange(tab);
    refs.current[tab]?.focus();
  };
  return (
    <div class="room-tabs" role="tablist" aria-label={t('tabs.label')}>
      {tabs.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[tab.id] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === current}
          aria-controls={`tabpanel-${tab.id}`}
          tabIndex={tab.id === current ? 0 : -1}
          class={`room-tab${tab.id === current ? ' room-tab-current' : ''}`}
          onClick={() => onChange(tab.id)}
          onKeyDown={(e) => {
            const last = tabs.length - 1;
            const to = e.key === 'ArrowRight' ? (i === last ? 0 : i + 1) : e.key === 'ArrowLeft' ? (i === 0 ? last : i - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
            if (to < 0) return;
            e.preventDefault();
            go(tabs[to]!.id);
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export function RoomView({
  room,
  session,
  onSessionEnded,
  onTitle,
}: {
  room: string;
  session: Session | null;
  onSessionEnded: () => void;
  /** The document's title when the page is not the room's (the room cannot be entered); null again after. */
  onTitle?: (title: string | null) => void;
}) {
  const outer = useI18n();
  const navigate = useNavigate();
  // L2: in a learning circle, attendance is presence: a person with a seat is recorded present
  // once after each join unless the quorum view lists them already (or they chose to leave).
  const left = useRef(false);
  const [noBody, setNoBody] = useState(false);
  const actRef = useRef<(op: string, args: Record<string, unknown>) => Promise<unknown>>(() => Promise.resolve());
  const afterJoin = useCallback((joined: JoinedView) => {
    const quorumView = joined.views.quorum;
    if (!shouldMarkPresent({ roles: joined.roles, me: joined.me, quorumView, left: left.current, noBody: false })) return;
    actRef.current('quorum.present', { mode: 'remote' }).catch((e: unknown) => {
      // A room without a body (the demo room) keeps no attendance; anything else: the bar offers "I am here".
      if (e instanceof ProtocolError && e.code === 'no_body') setNoBody(true);
    });
  }, []);
  const handle = useRoom(room, session?.token, afterJoin);
  actRef.current = handle.act;
  const { state, status } = handle;
  // Every time in the room is the body's (the join's ack names its zone; the webinars or the
  // minutes until it has; Denver, the server's default, for a room without a body), and says
  // which zone: a browser set to another zone shows the same times.
  const zone = knownZone(state.body?.timeZone || bodyTimeZone(state.webinar.webinars, state.minutes.entries[0]?.timeZone));
  // What the server writes for people (a notice's findings) is worded from its catalog in the
  // reader's language, when it has one (src/i18n/server_messages.ts).
  const catalog = useServerCatalog(outer.language, session?.token);
  const i18n = useMemo<I18n>(() => {
    const fmt = zonedFormat(outer.language, zone);
    return {
      ...outer,
      time: fmt.time,
      dateTime: fmt.full,
      serverText: (m) => wordServerMessage(m, outer.language, zone, catalog),
    };
  }, [outer, zone, catalog]);
  const { t, time } = i18n;
  const runner = useActionRunner();
  // Every action is a request over the room's connection, so until the room is joined (and
  // while it is offline) the controls stay in place but disabled: a click then could only be
  // refused as "not connected". (A click right after signing in, before the join's ack, was.)
  const joined = status.status === 'live' || status.status === 'catching_up';
  const busy = runner.busy ?? (joined ? null : 'connection');
  const [tab, setTab] = useState<Tab>(() => TABS_BY_HASH[location.hash] ?? 'meeting');
  const [newsSeen, setNewsSeen] = useState(0);
  // N9: the server's reason when it refused to call an unnoticed meeting to order (the warning shown).
  const [noticeWarning, setNoticeWarning] = useState<{ text: string; lang: string } | null>(null);
  const warningOpener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (status.status === 'live') rememberRoom(room);
    if (status.status === 'stopped' && status.error?.code === 'bad_token') onSessionEnded();
  }, [status, room, onSessionEnded]);

  // The join's ack names the roles in this room and what the policy table lets them do here;
  // until it has, /api/me's (the controls then shown disabled while the room connects).
  const viewer = { person: handle.me, roles: handle.roles ?? session?.roles ?? [], may: handle.may ?? session?.may?.[room] ?? [] };
  const controls = controlsFor(viewer, state);
  const act = (op: string, args: Record<string, unknown>, done: string) => runner.run(op, () => handle.act(op, args), done);
  const doneKey = (op: string) => `done.${op}` as 'done.meeting.call_to_order';
  // N9: calling to order a meeting no lawful notice covers is refused with the findings; the chair
  // is warned and may go on (`despite_notice`), knowing no action taken will be valid.
  const callToOrder = async (despite: boolean) => {
    const ok = await runner.run(
      'meeting.call_to_order',
      () => handle.act('meeting.call_to_order', despite ? { despite_notice: true } : {}),
      t(despite ? 'done.meeting.call_to_order.despite' : 'done.meeting.call_to_order'),
      (error) => {
        if (despite || !(error instanceof ProtocolError) || error.code !== 'not_lawfully_noticed') return false;
        setNoticeWarning({ text: error.message, lang: error.lang });
        return true;
      },
    );
    if (ok) setNoticeWarning(null);
  };

  const departedOnDrop =
    controls.markPresent && state.quorum.lastDeparture?.person === handle.me && state.quorum.lastDeparture?.reason === 'disconnected';
  const loading = status.status !== 'stopped' && state.lastSeq === 0;
  const m = state.meeting;
  const seat = !!session && !noBody && circleSeat(viewer.roles);
  const showWebinars = !noBody && (state.webinar.webinars.length > 0 || controls.scheduleWebinar || seat);
  const tabs: { id: Tab; label: string }[] = [
    { id: 'meeting', label: t('tabs.meeting') },
    { id: 'minutes', label: t('tabs.minutes') },
    ...(controls.postNotice ? [{ id: 'notices' as const, label: t('tabs.notices') }] : []),
    ...(showWebinars ? [{ id: 'webinars' as const, label: t('tabs.webinars') }] : []),
    // L3: for those who run the cycle, and read-only for others when the room has initiatives.
    ...(controls.runCycle || state.cycle.initiatives.length > 0 ? [{ id: 'cycle' as const, label: t('tabs.cycle') }] : []),
  ];
  const myPresence = seat && handle.me !== null ? (state.quorum.present.find((p) => p.person === handle.me) ?? null) : null;
  const news = handle.liveFrom === null ? null : newsFor(state.webinar, handle.me, Math.max(handle.liveFrom, newsSeen));
  const facilitates = viewer.roles.includes('facilitator');
  const shownTab: Tab = tabs.some((x) => x.id === tab) ? tab : 'meeting';
  const chooseTab = (next: Tab) => {
    setTab(next);
    history.replaceState(null, '', next === 'meeting' ? location.pathname + location.search : `#${next}`);
  };

  // No room of that name, or one this person may not enter: a page that says so, in place of the room.
  const unavailable = status.status === 'stopped' ? unavailableReason(status.error?.code) : null;
  if (unavailable) return <RoomUnavailable page={unavailablePage(unavailable, room, !!session, t)} onTitle={onTitle} />;

  return (
    <I18nContext.Provider value={i18n}>
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
            {m.unnoticed && (m.phase === 'in_session' || m.phase === 'recessed') && (
              <span class="badge badge-invalid" data-testid="meeting-unnoticed">
                {t('meeting.unnoticed')}
              </span>
            )}
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
      <OmaWarningBanner warnings={state.quorum.omaWarnings} prominent={facilitates} />
      <WebinarNewsLine news={news} onDismiss={() => news && setNewsSeen(news.seq)} />
      {seat && state.lastSeq > 0 && (
        <CirclePresence
          present={myPresence}
          busy={busy !== null}
          onHere={() => {
            left.current = false;
            void act('quorum.present', { mode: 'remote' }, t('done.quorum.present'));
          }}
          onLeave={async () => {
            left.current = true;
            if (await runner.run('quorum.absent', () => handle.act('quorum.absent', {}), t('done.quorum.absent'))) navigate('/');
          }}
        />
      )}

      <ClosedSessionBanner
        closed={m.closed}
        statementDue={m.statementDue}
        canOpen={controls.openSession}
        canPutStatement={controls.statement}
        busy={busy}
        onOpen={() => act('meeting.open_session', {}, t('done.meeting.open_session'))}
        onPutStatement={() => act('motions.move', { kind: 'closed_session_statement' }, t('done.motions.statement'))}
        guests={m.guests}
        guestControls={{
          canAdmit: controls.admitGuests,
          onAdmit: (name, role) => act('meeting.admit_guest', role ? { name, role } : { name }, t('done.meeting.admit_guest', { name })),
          onDismiss: (g) => void act('meeting.dismiss_guest', { guest: g.guest }, t('done.meeting.dismiss_guest', { name: g.name })),
        }}
      />
      <CallToOrderWarning
        reason={noticeWarning?.text ?? null}
        reasonLang={noticeWarning?.lang}
        busy={busy !== null}
        onProceed={() => void callToOrder(true)}
        onCancel={() => setNoticeWarning(null)}
        opener={warningOpener.current}
      />

      <RoomTabs tabs={tabs} current={shownTab} onChange={chooseTab} />

      {shownTab === 'minutes' && (
        <div class="tab-panel" role="tabpanel" id="tabpanel-minutes" aria-labelledby="tab-minutes">
          <MinutesPanel
            room={room}
            bodyName={state.body?.name ?? ''}
            index={state.minutes}
            changedAt={state.minutesChangedAt}
            canEdit={controls.editMinutes}
            token={session?.token ?? null}
            canReadClosedSession={controls.readClosedSession}
            bodyPublic={state.body?.public ?? true}
            connected={status.status === 'live' || status.status === 'catching_up'}
            read={handle.read}
            act={(op, args) => handle.act(op, args)}
          />
        </div>
      )}
      {shownTab === 'notices' && (
        <div class="tab-panel" role="tabpanel" id="tabpanel-notices" aria-labelledby="tab-notices">
          <NoticesPanel notice={state.notice} act={(op, args) => handle.act(op, args)} />
        </div>
      )}
      {shownTab === 'webinars' && (
        <div class="tab-panel" role="tabpanel" id="tabpanel-webinars" aria-labelledby="tab-webinars">
          <WebinarsPanel
            webinars={state.webinar}
            me={handle.me}
            token={session?.token ?? null}
            canRun={controls.scheduleWebinar}
            zone={zone}
            connected={status.status === 'live' || status.status === 'catching_up'}
            act={(op, args) => handle.act(op, args)}
            read={handle.read}
          />
        </div>
      )}
      {shownTab === 'cycle' && (
        <div class="tab-panel" role="tabpanel" id="tabpanel-cycle" aria-labelledby="tab-cycle">
          <CyclePanel
            room={room}
            cycle={state.cycle}
            canRun={controls.runCycle}
            bodyName={state.body?.name ?? ''}
            zone={zone}
            webinars={state.webinar.webinars}
            connected={status.status === 'live' || status.status === 'catching_up'}
            act={(op, args) => handle.act(op, args)}
            read={handle.read}
          />
        </div>
      )}
      {shownTab === 'meeting' && (
      <div class="tab-panel" role="tabpanel" id="tabpanel-meeting" aria-labelledby="tab-meeting">
      <div class="room-grid">
        <div class="room-main">
          <ChairControls
            controls={controls}
            busy={busy}
            onAct={(op) => {
              if (op !== 'meeting.call_to_order') return void act(op, {}, t(doneKey(op)));
              warningOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
              void callToOrder(false);
            }}
          />
          <AgendaPanel
            notice={state.notice}
            meeting={m}
            canTakeUp={controls.takeUp}
            busy={busy}
            onTakeUp={(it) => act('notice.take_up', { item: it.item }, t('done.notice.take_up', { item: it.item }))}
          />
          {(m.phase === 'in_session' || state.speakers.floor !== null || state.speakers.queue.length > 0) && (
            <SpeakersPanel
              speakers={state.speakers}
              controls={controls}
              actions={{
                busy,
                request: () => void act('speakers.request', {}, t('done.speakers.request')),
                withdraw: () => void act('speakers.withdraw', {}, t('done.speakers.withdraw')),
                yieldFloor: () => void act('speakers.yield', {}, t('done.speakers.yield')),
                recognize: (person, name) => void act('speakers.recognize', person === null ? {} : { person }, t('done.speakers.recognize', { name })),
                end: () => void act('speakers.end', {}, t('done.speakers.end')),
                setLimit: (minutes) => void act('speakers.set_limit', { minutes }, t('done.speakers.set_limit')),
              }}
            />
          )}
          <FloorPanel
            motions={state.motions}
            controls={controls}
            me={handle.me}
            actions={{
              busy,
              move: (kind, text) => act('motions.move', { kind, text }, t('done.motions.move')),
              second: () => act('motions.second', {}, t('done.motions.second')),
              vote: (choice: Choice) => act('motions.vote', { choice }, t('done.motions.vote', { choice: choiceName(choice, t) })),
              approveMinutes: (args) => act('motions.move', args, t('done.motions.approve_minutes')),
            }}
            minutes={state.minutes}
            bodyName={state.body?.name ?? ''}
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
              busy,
              onPresent: () => act('quorum.present', { mode: 'remote' }, t('done.quorum.present')),
              onAbsent: () => act('quorum.absent', {}, t('done.quorum.absent')),
              onCallRoll: () => act('quorum.roll_call', {}, t('done.quorum.roll_call')),
              recordAttendance: controls.recordAttendance,
              onMarkPresent: (p) => act('quorum.mark_present', { person: p.person, mode: 'in_person' }, t('done.quorum.mark_present', { name: p.name })),
              onMarkAbsent: (p) => act('quorum.mark_absent', { person: p.person }, t('done.quorum.mark_absent', { name: p.name })),
              onDesignee: controls.recordAttendance
                ? (p, name) => act('quorum.designee', { member: p.person, name }, t('done.quorum.designee', { name: p.name }))
                : undefined,
              onProxy: controls.recordAttendance
                ? (p, holder) => act('quorum.proxy', { member: p.person, holder }, t('done.quorum.proxy', { name: p.name }))
                : undefined,
            }}
          />
          <TimelinePanel
            entries={state.timeline}
            chat={state.chat}
            me={handle.me}
            live={handle.liveFrom !== null && status.status === 'live'}
            canSay={controls.say}
            canModerate={controls.moderate}
            busy={runner.busy !== null && runner.busy.startsWith('chat') ? true : runner.busy === 'say'}
            onSay={(text, replyTo) => runner.run('say', () => handle.say(text, replyTo ?? undefined), t(replyTo ? 'done.reply' : 'done.say'))}
            onAct={(op, args, done) => runner.run(op, () => handle.act(op, args), done)}
          />
        </div>
      </div>
      </div>
      )}
    </div>
    </I18nContext.Provider>
  );
}
