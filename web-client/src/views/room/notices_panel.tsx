// Notices and agendas, for those who post them (post_notice: the chair, the vice chair, the
// clerk, the executive director): schedule a meeting (N2, N3; N6 for an emergency), draft its
// agenda (closed-session items with their authority and subject, C1) and post the notice (N4).
// The server judges the Open Meetings Act; its refusals are shown as it words them. A posted
// notice may be sent to the media again (N7); an emergency meeting's agenda may be amended while
// it is in session (N6), and those versions are marked; a meeting held without notice is listed
// as such.

import { useEffect, useState } from 'preact/hooks';
import { isKey, useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import type { Ack } from '../../protocol/messages';
import { meetingTitle, meetingWhenWhere, type NoticeState, type NoticedMeeting } from '../../state/notice';
import {
  AUTHORITIES,
  HARMS,
  ITEM_TYPES,
  MEETING_KINDS,
  agendaArgs,
  emptySchedule,
  moveRow,
  newRow,
  rowsOf,
  scheduleArgs,
  type AgendaProblem,
  type AgendaRow,
  type ItemType,
  type MeetingKind,
  type ScheduleForm,
  type ScheduleProblem,
} from '../../state/notice_form';
import { FeedbackLine, useActionRunner, type ActionRunner } from '../feedback';
import { NoticeStatusBox } from './agenda_panel';

type Act = (op: string, args: Record<string, unknown>) => Promise<Ack>;

function word(t: Translate, key: string, fallback: string): string {
  return isKey(key) ? t(key) : fallback;
}

/** N7: send the posted notice to the media again, with an optional reason; and the re-sends so far. */
function ResendNotice({ meeting, runner, act }: { meeting: NoticedMeeting; runner: ActionRunner; act: Act }) {
  const { t, time } = useI18n();
  const [reason, setReason] = useState('');
  const id = `resend-${meeting.meeting}`;
  return (
    <div class="resend" data-testid="resend-notice">
      {meeting.resends.length > 0 && (
        <>
          <h4 id={`${id}-list`}>{t('notices.resends')}</h4>
          <ul class="resend-list" aria-labelledby={`${id}-list`} data-testid="resends">
            {meeting.resends.map((r, i) => (
              <li key={i}>
                {t('notices.resendLine', { when: time(r.atMs), version: r.version })}
                {r.outlet > 0 && ` (${t('notices.resendOutlet', { outlet: r.outlet })})`}
                {r.reason && ` — ${t('notices.resendReason', { reason: r.reason })}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {meeting.state !== 'cancelled' && (
        <form
          aria-labelledby={`${id}-title`}
          onSubmit={async (e) => {
            e.preventDefault();
            const args: Record<string, unknown> = { meeting: meeting.meeting };
            if (reason.trim()) args.reason = reason.trim();
            if (await runner.run('notice.resend', () => act('notice.resend', args), t('done.notice.resend', { meeting: meeting.meeting }))) setReason('');
          }}
        >
          <h4 id={`${id}-title`}>{t('notices.resend.heading')}</h4>
          <p class="hint" id={`${id}-hint`}>
            {t('notices.resend.hint')}
          </p>
          <div class="field">
            <label for={`${id}-reason`}>{t('notices.resend.reason')}</label>
            <input id={`${id}-reason`} type="text" maxLength={2000} value={reason} aria-describedby={`${id}-hint`} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <button type="submit" class="button" disabled={runner.busy !== null} aria-busy={runner.busy === 'notice.resend'}>
            {t('notices.resend.submit')}
          </button>
        </form>
      )}
    </div>
  );
}

function ScheduleMeetingForm({ runner, act, onScheduled }: { runner: ActionRunner; act: Act; onScheduled: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ScheduleForm>(emptySchedule);
  const [problems, setProblems] = useState<ScheduleProblem[]>([]);
  const set = (patch: Partial<ScheduleForm>) => setForm((f) => ({ ...f, ...patch }));
  const invalid = (p: ScheduleProblem) => (problems.includes(p) ? 'true' : undefined);
  const emergency = form.kind === 'emergency';
  return (
    <form
      class="panel notice-form"
      aria-labelledby="schedule-heading"
      data-testid="schedule-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = scheduleArgs(form);
        if (!r.ok) {
          setProblems(r.problems);
          return;
        }
        setProblems([]);
        if (await runner.run('notice.schedule', () => act('notice.schedule', r.args), t('done.notice.schedule'))) {
          setForm(emptySchedule);
          onScheduled();
        }
      }}
    >
      <h3 id="schedule-heading">{t('schedule.heading')}</h3>
      <div class="form-grid">
        <div class="field">
          <label for="schedule-kind">{t('schedule.kind')}</label>
          <select id="schedule-kind" value={form.kind} onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value as MeetingKind })}>
            {MEETING_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`agenda.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="schedule-starts">{t('schedule.starts')}</label>
          <input
            id="schedule-starts"
            type="datetime-local"
            required
            value={form.starts}
            aria-invalid={invalid('starts')}
            aria-describedby="schedule-starts-hint"
            onInput={(e) => set({ starts: e.currentTarget.value })}
          />
          <p id="schedule-starts-hint" class="hint">
            {t('schedule.startsHint')}
          </p>
        </div>
        <div class="field field-wide">
          <label for="schedule-place">{t('schedule.place')}</label>
          <input id="schedule-place" type="text" required value={form.place} aria-invalid={invalid('place')} onInput={(e) => set({ place: e.currentTarget.value })} />
        </div>
        <div class="field field-wide">
          <label for="schedule-remote">{t('schedule.remote')}</label>
          <input id="schedule-remote" type="text" value={form.remote} onInput={(e) => set({ remote: e.currentTarget.value })} />
        </div>
        <div class="field field-wide">
          <label for="schedule-title">{t('schedule.title')}</label>
          <input id="schedule-title" type="text" value={form.title} onInput={(e) => set({ title: e.currentTarget.value })} />
        </div>
      </div>
      {emergency && (
        <fieldset class="justification">
          <legend>{t('schedule.justification')}</legend>
          <div class="field">
            <label for="schedule-circumstance">{t('schedule.circumstance')}</label>
            <textarea
              id="schedule-circumstance"
              rows={2}
              value={form.circumstance}
              aria-invalid={invalid('circumstance')}
              onInput={(e) => set({ circumstance: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="schedule-unforeseen">{t('schedule.unforeseen')}</label>
            <textarea
              id="schedule-unforeseen"
              rows={2}
              value={form.unforeseen}
              aria-invalid={invalid('unforeseen')}
              onInput={(e) => set({ unforeseen: e.currentTarget.value })}
            />
          </div>
          <fieldset class="checkboxes">
            <legend>{t('schedule.harm')}</legend>
            {HARMS.map((h) => (
              <label key={h} class="checkbox">
                <input
                  type="checkbox"
                  checked={form.harm.includes(h)}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    set({ harm: on ? [...form.harm, h] : form.harm.filter((x) => x !== h) });
                  }}
                />{' '}
                {t(`harm.${h}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </fieldset>
      )}
      {problems.length > 0 && (
        <ul class="form-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{t(`schedule.problem.${p}` as MessageKey)}</li>
          ))}
        </ul>
      )}
      <button type="submit" class="button button-primary" disabled={runner.busy !== null}>
        {t('schedule.submit')}
      </button>
    </form>
  );
}

function problemText(p: AgendaProblem, t: Translate): string {
  if (p.row < 0) return t('agendaEditor.problem.empty');
  return t(`agendaEditor.problem.${p.field}` as MessageKey, { item: p.row + 1 });
}

function AgendaEditor({ meeting, runner, act }: { meeting: NoticedMeeting; runner: ActionRunner; act: Act }) {
  const { t, dateTime } = useI18n();
  const [rows, setRows] = useState<AgendaRow[]>(() => (meeting.agenda.length > 0 ? rowsOf(meeting.agenda) : [newRow()]));
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<AgendaProblem[]>([]);

  // A new version saved (here or by someone else): edit from it.
  useEffect(() => {
    setRows(meeting.agenda.length > 0 ? rowsOf(meeting.agenda) : [newRow()]);
    setDirty(false);
    setProblems([]);
  }, [meeting.meeting, meeting.agendaVersion]);

  // N6: an emergency meeting's agenda may be amended (and posted) while it is in session.
  const amending = meeting.kind === 'emergency' && (meeting.state === 'in_session' || meeting.state === 'recessed');
  const begun = meeting.state !== 'scheduled' && !amending;
  const unnoticed = meeting.kind === 'unnoticed';
  const update = (next: AgendaRow[]) => {
    setRows(next);
    setDirty(true);
  };
  const setRow = (i: number, patch: Partial<AgendaRow>) => update(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const has = (i: number, field: AgendaProblem['field']) => problems.some((p) => p.row === i && p.field === field);
  const unposted = meeting.agendaVersion > 0 && meeting.agendaVersion !== meeting.postedVersion;
  const canPost = !begun && !dirty && (!meeting.posted || unposted);

  return (
    <section class="panel agenda-editor" aria-labelledby="agenda-editor-title" data-testid="agenda-editor">
      <h3 id="agenda-editor-title">{t('agendaEditor.heading', { meeting: meeting.meeting, title: meetingTitle(meeting, t) })}</h3>
      <p class="muted">{meetingWhenWhere(meeting, t, dateTime)}</p>
      <NoticeStatusBox status={meeting.status} />
      {!unnoticed && (
        <p data-testid="posting-state">
          {meeting.posted ? t('notices.posted', { version: meeting.postedVersion }) : t('notices.notPosted')}
          {unposted && meeting.posted && ` ${t('notices.newDraft', { version: meeting.agendaVersion })}`}
        </p>
      )}
      {meeting.amendedInSession.length > 0 && (
        <ul class="resend-list" data-testid="amended-in-session">
          {meeting.amendedInSession.map((v) => (
            <li key={v}>{t('notices.amendedInSession', { version: v })}</li>
          ))}
        </ul>
      )}
      {meeting.posted && <ResendNotice meeting={meeting} runner={runner} act={act} />}
      {unnoticed ? null : begun ? (
        <p class="notice">{t('agendaEditor.final')}</p>
      ) : (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const r = agendaArgs(rows);
            if (!r.ok) {
              setProblems(r.problems);
              return;
            }
            setProblems([]);
            if (await runner.run('notice.set_agenda', () => act('notice.set_agenda', { meeting: meeting.meeting, items: r.items }), t('done.notice.set_agenda'))) {
              setDirty(false);
            }
          }}
        >
          <ol class="agenda-rows">
            {rows.map((r, i) => {
              const id = `agenda-${r.key}`;
              return (
                <li key={r.key} class="agenda-row">
                  <fieldset>
                    <legend>{t('agenda.itemLabel', { item: i + 1 })}</legend>
                    <div class="form-grid">
                      <div class="field field-wide">
                        <label for={`${id}-title`}>{t('agendaEditor.title')}</label>
                        <input id={`${id}-title`} type="text" value={r.title} aria-invalid={has(i, 'title') ? 'true' : undefined} onInput={(e) => setRow(i, { title: e.currentTarget.value })} />
                      </div>
                      <div class="field">
                        <label for={`${id}-type`}>{t('agendaEditor.type')}</label>
                        <select id={`${id}-type`} value={r.type} onChange={(e) => setRow(i, { type: (e.currentTarget as HTMLSelectElement).value as ItemType })}>
                          {ITEM_TYPES.map((ty) => (
                            <option key={ty} value={ty}>
                              {t(`agenda.type.${ty}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div class="field">
                        <label for={`${id}-presenter`}>{t('agendaEditor.presenter')}</label>
                        <input id={`${id}-presenter`} type="text" value={r.presenter} onInput={(e) => setRow(i, { presenter: e.currentTarget.value })} />
                      </div>
                      {r.type === 'closed_session' && (
                        <>
                          <div class="field field-wide">
                            <label for={`${id}-authority`}>{t('agendaEditor.authority')}</label>
                            <select
                              id={`${id}-authority`}
                              value={r.authority}
                              aria-invalid={has(i, 'authority') ? 'true' : undefined}
                              onChange={(e) => setRow(i, { authority: (e.currentTarget as HTMLSelectElement).value })}
                            >
                              <option value="">{t('agendaEditor.authorityChoose')}</option>
                              {AUTHORITIES.map((a) => (
                                <option key={a} value={a}>
                                  {t(`authority.${a}` as MessageKey)}
                                </option>
                              ))}
                            </select>
                          </div>
                          <div class="field field-wide">
                            <label for={`${id}-subject`}>{t('agendaEditor.subject')}</label>
                            <input
                              id={`${id}-subject`}
                              type="text"
                              value={r.subject}
                              aria-invalid={has(i, 'subject') ? 'true' : undefined}
                              aria-describedby={`${id}-subject-hint`}
                              onInput={(e) => setRow(i, { subject: e.currentTarget.value })}
                            />
                            <p id={`${id}-subject-hint`} class="hint">
                              {t('agendaEditor.subjectHint')}
                            </p>
                          </div>
                        </>
                      )}
                    </div>
                    <div class="button-row">
                      <button type="button" class="button button-quiet" disabled={i === 0} aria-label={t('agendaEditor.upItem', { item: i + 1 })} onClick={() => update(moveRow(rows, i, -1))}>
                        {t('agendaEditor.up')}
                      </button>
                      <button
                        type="button"
                        class="button button-quiet"
                        disabled={i === rows.length - 1}
                        aria-label={t('agendaEditor.downItem', { item: i + 1 })}
                        onClick={() => update(moveRow(rows, i, 1))}
                      >
                        {t('agendaEditor.down')}
                      </button>
                      <button
                        type="button"
                        class="button button-quiet"
                        disabled={rows.length === 1}
                        aria-label={t('agendaEditor.removeItem', { item: i + 1 })}
                        onClick={() => update(rows.filter((_, j) => j !== i))}
                      >
                        {t('agendaEditor.remove')}
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          {problems.length > 0 && (
            <ul class="form-problems" role="alert">
              {problems.map((p, k) => (
                <li key={k}>{problemText(p, t)}</li>
              ))}
            </ul>
          )}
          <div class="button-row">
            <button type="button" class="button" onClick={() => update([...rows, newRow()])}>
              {t('agendaEditor.add')}
            </button>
            <button type="submit" class="button button-primary" disabled={runner.busy !== null}>
              {t('agendaEditor.save')}
            </button>
          </div>
        </form>
      )}
      {!begun && (
        <div class="post-notice">
          {dirty && (
            <p class="hint" id="post-hint">
              {t('agendaEditor.saveFirst')}
            </p>
          )}
          <button
            type="button"
            class="button button-primary"
            disabled={runner.busy !== null || !canPost}
            aria-describedby={dirty ? 'post-hint' : undefined}
            onClick={() => void runner.run('notice.post', () => act('notice.post', { meeting: meeting.meeting }), t('done.notice.post', { meeting: meeting.meeting }))}
          >
            {t('agendaEditor.post')}
          </button>
        </div>
      )}
    </section>
  );
}

export function NoticesPanel({ notice, act }: { notice: NoticeState; act: Act }) {
  const { t, dateTime } = useI18n();
  const runner = useActionRunner();
  const [selected, setSelected] = useState<number | null>(null);
  const upcoming = notice.meetings.filter((m) => m.state !== 'adjourned' && m.state !== 'cancelled');
  const chosen = notice.meetings.find((m) => m.meeting === selected) ?? upcoming[upcoming.length - 1] ?? null;
  const nextNumber = notice.meetings.reduce((n, m) => Math.max(n, m.meeting), 0) + 1;
  return (
    <section class="notices" aria-labelledby="notices-title" data-testid="notices-panel">
      <h2 id="notices-title">{t('notices.heading')}</h2>
      <p class="muted">{t('notices.intro')}</p>
      <FeedbackLine outcome={runner.outcome} onDismiss={runner.clear} />
      <div class="notices-columns">
        <div class="notices-column">
          <ScheduleMeetingForm runner={runner} act={act} onScheduled={() => setSelected(nextNumber)} />
          <section class="panel" aria-labelledby="notices-meetings-title">
            <h3 id="notices-meetings-title">{t('notices.meetings')}</h3>
            {notice.meetings.length === 0 ? (
              <p class="muted">{t('notices.none')}</p>
            ) : (
              <ul class="notice-meetings">
                {[...notice.meetings].reverse().map((m) => (
                  <li key={m.meeting} class={m === chosen ? 'notice-meeting-current' : ''}>
                    <div>
                      <strong>{t('notices.meeting', { meeting: m.meeting, title: meetingTitle(m, t) })}</strong>
                      <br />
                      <span class="muted">
                        {m.kind === 'unnoticed' ? `${t('notices.state.unnoticed')} · ` : ''}
                        {word(t, `notices.state.${m.state}`, m.state)}
                        {m.startsMs > 0 && ` · ${dateTime(m.startsMs)}`}
                      </span>
                    </div>
                    <button
                      type="button"
                      class="button button-quiet"
                      aria-current={m === chosen ? 'true' : undefined}
                      aria-label={t('notices.openMeeting', { meeting: m.meeting })}
                      onClick={() => setSelected(m.meeting)}
                    >
                      {t('notices.open')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div class="notices-column">{chosen && <AgendaEditor meeting={chosen} runner={runner} act={act} />}</div>
      </div>
    </section>
  );
}
