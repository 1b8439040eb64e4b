// Webinars and circle sessions (L2). Everyone signed in registers for a webinar, or joins its
// waitlist when the seats are taken, and may add the webinars they registered for to their own
// calendar (a private address). Those who run webinars (schedule_webinar: facilitators and the
// REC's staff) schedule them — once, weekly or monthly on the nth weekday, skipping sessions —,
// read who registered, who waits and who attended each session by name (`read`), and cancel
// them. The server decides every request again; its refusals are shown as it words them.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError, type ErrorText } from '../../i18n/errors';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import { api } from '../../protocol/api';
import type { Ack } from '../../protocol/messages';
import {
  isOver,
  listText,
  offsetText,
  seatAction,
  seatStatus,
  seatStatusText,
  webinarRecordOf,
  type Webinar,
  type WebinarPerson,
  type WebinarState,
} from '../../state/webinar';
import {
  REMINDER_CHOICES,
  emptyWebinarForm,
  endsAfterMove,
  occurrences,
  parseLocal,
  repeatChoices,
  repeatText,
  validSkips,
  webinarArgs,
  nthInMonth,
  buildRrule,
  type Repeat,
  type WebinarForm,
  type WebinarProblem,
} from '../../state/webinar_form';
import { ErrorBox } from '../error_box';
import { FeedbackLine, useActionRunner, type ActionRunner } from '../feedback';
import { sessionSpan, zoneAbbreviation } from './zoned_time';

type Act = (op: string, args: Record<string, unknown>) => Promise<Ack>;
type Read = (plugin: string, query: Record<string, unknown>) => Promise<Ack>;

export interface WebinarsPanelProps {
  webinars: WebinarState;
  me: number | null;
  /** The session's token: signed in (may register) and for the calendar address. */
  token: string | null;
  /** schedule_webinar: facilitators and the REC's staff. */
  canRun: boolean;
  /** The body's time zone (the webinars name it; Denver until one does). */
  zone: string;
  connected: boolean;
  act: Act;
  read: Read;
  now?: () => number;
}

/** "2026-12-08T16:00" in words: "Tuesday, December 8, 2026, 4:00 PM" (wall clock, no zone). */
function localText(local: string, locale: string): string {
  const l = parseLocal(local);
  if (!l) return local;
  return new Intl.DateTimeFormat(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(l.y, l.m - 1, l.d, l.hh, l.mm)),
  );
}

/** The option's words: "Every month on the second Tuesday". */
function repeatLabel(r: Repeat, starts: string, t: Translate, locale: string): string {
  if (r === 'none') return t('webinarForm.repeat.none');
  if (r === 'weekly') return t('webinarForm.repeat.weekly');
  const l = parseLocal(starts);
  if (!l) return t('webinarForm.repeat.monthlyUnknown');
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(l.y, l.m - 1, l.d)));
  const nth = r === 'monthly_last' ? 'last' : String(nthInMonth(l.d));
  return t('webinarForm.repeat.monthly', { nth: t(`webinarForm.nth.${nth}` as MessageKey), day });
}

/** A repeat still possible from a new first date: the nth weekday and the last change places. */
function normalRepeat(r: Repeat, starts: string): Repeat {
  const choices = repeatChoices(starts);
  if (choices.includes(r)) return r;
  if (r === 'monthly_nth' && choices.includes('monthly_last')) return 'monthly_last';
  if (r === 'monthly_last' && choices.includes('monthly_nth')) return 'monthly_nth';
  return 'weekly';
}

function ScheduleWebinarForm({ runner, act, zone }: { runner: ActionRunner; act: Act; zone: string }) {
  const { t, language } = useI18n();
  const locale = language === 'es' ? 'es-MX' : 'en-US';
  const [form, setForm] = useState<WebinarForm>(emptyWebinarForm);
  const [problems, setProblems] = useState<WebinarProblem[]>([]);
  const set = (patch: Partial<WebinarForm>) => setForm((f) => ({ ...f, ...patch }));
  const invalid = (...p: WebinarProblem[]) => (p.some((x) => problems.includes(x)) ? 'true' : undefined);
  const repeating = form.repeat !== 'none';
  const count = Number(form.count);
  const series = repeating && Number.isInteger(count) && count >= 2 ? occurrences(form.starts, form.repeat, count) : [];
  const skipped = validSkips(form);
  const rrule = repeating && Number.isInteger(count) && count >= 2 ? buildRrule(form.repeat, count, form.starts) : '';
  const abbr = zoneAbbreviation(zone, Date.now(), language);
  const zoneName = zone;
  return (
    <form
      class="panel webinar-form"
      aria-labelledby="webinar-form-heading"
      data-testid="webinar-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = webinarArgs(form);
        if (!r.ok) {
          setProblems(r.problems);
          return;
        }
        setProblems([]);
        if (await runner.run('webinar.schedule', () => act('webinar.schedule', r.args), t('done.webinar.schedule'))) setForm(emptyWebinarForm);
      }}
    >
      <h3 id="webinar-form-heading">{t('webinarForm.heading')}</h3>
      <div class="form-grid">
        <div class="field field-wide">
          <label for="webinar-title">{t('webinarForm.title')}</label>
          <input id="webinar-title" type="text" value={form.title} aria-invalid={invalid('title')} onInput={(e) => set({ title: e.currentTarget.value })} />
        </div>
        <div class="field field-wide">
          <label for="webinar-description">{t('webinarForm.description')}</label>
          <textarea id="webinar-description" rows={2} value={form.description} onInput={(e) => set({ description: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="webinar-starts">{t('webinarForm.starts', { zone: zoneName })}</label>
          <input
            id="webinar-starts"
            type="datetime-local"
            value={form.starts}
            aria-invalid={invalid('starts')}
            aria-describedby="webinar-zone-hint"
            onInput={(e) => {
              const starts = e.currentTarget.value;
              setForm((f) => ({ ...f, starts, ends: endsAfterMove(f.starts, starts, f.ends), repeat: normalRepeat(f.repeat, starts) }));
            }}
          />
        </div>
        <div class="field">
          <label for="webinar-ends">{t('webinarForm.ends', { zone: zoneName })}</label>
          <input
            id="webinar-ends"
            type="datetime-local"
            value={form.ends}
            aria-invalid={invalid('ends', 'endsBefore', 'tooLong')}
            aria-describedby="webinar-zone-hint"
            onInput={(e) => set({ ends: e.currentTarget.value })}
          />
        </div>
        <p id="webinar-zone-hint" class="hint field-wide">
          {t('webinarForm.zoneHint', { zone: zoneName, abbr })}
        </p>
        <div class="field">
          <label for="webinar-capacity">{t('webinarForm.capacity')}</label>
          <input
            id="webinar-capacity"
            type="number"
            inputMode="numeric"
            min={1}
            value={form.capacity}
            aria-invalid={invalid('capacity')}
            aria-describedby="webinar-capacity-hint"
            onInput={(e) => set({ capacity: e.currentTarget.value })}
          />
          <p id="webinar-capacity-hint" class="hint">
            {t('webinarForm.capacityHint')}
          </p>
        </div>
        <div class="field">
          <label for="webinar-join">{t('webinarForm.joinUrl')}</label>
          <input id="webinar-join" type="url" value={form.joinUrl} aria-invalid={invalid('joinUrl')} onInput={(e) => set({ joinUrl: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="webinar-repeat">{t('webinarForm.repeat')}</label>
          <select id="webinar-repeat" value={form.repeat} onChange={(e) => set({ repeat: (e.currentTarget as HTMLSelectElement).value as Repeat })}>
            {repeatChoices(form.starts).map((r) => (
              <option key={r} value={r}>
                {repeatLabel(r, form.starts, t, locale)}
              </option>
            ))}
          </select>
        </div>
        {repeating && (
          <div class="field">
            <label for="webinar-count">{t('webinarForm.count')}</label>
            <input
              id="webinar-count"
              type="number"
              inputMode="numeric"
              min={2}
              max={104}
              value={form.count}
              aria-invalid={invalid('count', 'allSkipped')}
              onInput={(e) => set({ count: e.currentTarget.value })}
            />
          </div>
        )}
      </div>
      <div class="repeat-summary" data-testid="repeat-summary">
        <p>{repeatText(form.repeat, Number.isInteger(count) ? count : 0, form.starts, t, locale)}</p>
        {rrule && (
          <p class="muted">
            {t('webinarForm.rrule')} <code data-testid="rrule">{rrule}</code>
          </p>
        )}
      </div>
      {series.length > 1 && (
        <fieldset class="checkboxes skip-sessions">
          <legend>{t('webinarForm.skip')}</legend>
          <p class="hint" id="webinar-skip-hint">
            {t('webinarForm.skipHint')}
          </p>
          <div class="skip-list">
            {series.map((s) => (
              <label key={s} class="checkbox">
                <input
                  type="checkbox"
                  checked={skipped.includes(s)}
                  aria-label={t('webinarForm.skipOne', { when: localText(s, locale) })}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    set({ skipped: on ? [...skipped, s] : skipped.filter((x) => x !== s) });
                  }}
                />{' '}
                {localText(s, locale)}
              </label>
            ))}
          </div>
          <p class="muted">{t('webinarForm.held', { held: series.length - skipped.length, count: series.length })}</p>
        </fieldset>
      )}
      <fieldset class="checkboxes">
        <legend>{t('webinarForm.reminders')}</legend>
        {REMINDER_CHOICES.map((m) => (
          <label key={m} class="checkbox">
            <input
              type="checkbox"
              checked={form.reminders.includes(m)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                set({ reminders: on ? [...form.reminders, m] : form.reminders.filter((x) => x !== m) });
              }}
            />{' '}
            {t(`webinarForm.reminder.${m}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label class="checkbox">
        <input type="checkbox" checked={form.public} onChange={(e) => set({ public: (e.currentTarget as HTMLInputElement).checked })} /> {t('webinarForm.public')}
      </label>
      {problems.length > 0 && (
        <ul class="form-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{t(`webinarForm.problem.${p}` as MessageKey)}</li>
          ))}
        </ul>
      )}
      <button type="submit" class="button button-primary" disabled={runner.busy !== null}>
        {t('webinarForm.submit')}
      </button>
    </form>
  );
}

function personName(p: WebinarPerson, t: Translate): string {
  return p.name || t('webinar.unnamed', { person: p.person });
}

/** Registrations, the waitlist and each session's attendance, by name (those who run webinars). */
function WebinarRecord({ w, record, now }: { w: Webinar; record: Webinar | null; now: number }) {
  const { t } = useI18n();
  const id = `webinar-record-${w.webinar}`;
  if (!record) {
    return (
      <p class="muted" data-testid={id}>
        {t('webinar.recordLoading')}
      </p>
    );
  }
  return (
    <section class="webinar-record" aria-labelledby={`${id}-title`} data-testid={id}>
      <h4 id={`${id}-title`} class="visually-hidden">
        {t('webinar.record', { webinar: w.webinar })}
      </h4>
      <div class="webinar-people">
        <div data-testid={`registrations-${w.webinar}`}>
          <h5>{t('webinar.registrations', { count: record.registered.length, capacity: record.capacity })}</h5>
          {record.registered.length === 0 ? (
            <p class="muted">{t('webinar.registrationsNone')}</p>
          ) : (
            <ol class="people-list">
              {record.registered.map((p) => (
                <li key={p.person}>{personName(p, t)}</li>
              ))}
            </ol>
          )}
        </div>
        <div data-testid={`waitlist-${w.webinar}`}>
          <h5>{t('webinar.waitlist', { count: record.waitlisted.length })}</h5>
          {record.waitlisted.length === 0 ? (
            <p class="muted">{t('webinar.waitlistNone')}</p>
          ) : (
            <ol class="people-list">
              {record.waitlisted.map((p) => (
                <li key={p.person}>{personName(p, t)}</li>
              ))}
            </ol>
          )}
        </div>
      </div>
      {record.sessions
        // The server computes live attendance for every session not yet over, counting those
        // present until its end: shown only from the session's start, by name (minutes once final).
        .filter((s) => s.attendance !== null && (s.attendanceFinal || now >= s.startsMs))
        .map((s) => (
          <div key={s.session} class="webinar-attendance" data-testid={`attendance-${w.webinar}-${s.session}`}>
            <h5>{t('webinar.attendance', { session: s.session })}</h5>
            <p class="muted">{t(s.attendanceFinal ? 'webinar.attendanceFinal' : 'webinar.attendanceLive')}</p>
            {s.attendance!.length === 0 ? (
              <p class="muted">{t(s.attendanceFinal ? 'webinar.attendanceNone' : 'webinar.attendanceNotYet')}</p>
            ) : (
              <ul class="people-list">
                {s.attendance!.map((a) => {
                  const name = a.name || t('webinar.unnamed', { person: a.person });
                  return <li key={a.person}>{s.attendanceFinal ? t('webinar.attendee', { name, minutes: a.minutes }) : name}</li>;
                })}
              </ul>
            )}
          </div>
        ))}
    </section>
  );
}

function CancelWebinar({ w, runner, act }: { w: Webinar; runner: ActionRunner; act: Act }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const id = `webinar-cancel-${w.webinar}`;
  return (
    <details class="webinar-cancel">
      <summary>{t('webinar.cancelHeading')}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          await runner.run('webinar.cancel', () => act('webinar.cancel', { webinar: w.webinar, reason: reason.trim() }), t('done.webinar.cancel', { webinar: w.webinar }));
        }}
      >
        <div class="field">
          <label for={id}>{t('webinar.cancelReason')}</label>
          <input id={id} type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button button-danger" disabled={runner.busy !== null}>
          {t('webinar.cancelSubmit', { webinar: w.webinar })}
        </button>
      </form>
    </details>
  );
}

const ACTION_LABEL = {
  register: ['webinar.register', 'webinar.registerFor'],
  waitlist: ['webinar.joinWaitlist', 'webinar.joinWaitlistFor'],
  unregister: ['webinar.unregister', 'webinar.unregisterFor'],
  leave_waitlist: ['webinar.leaveWaitlist', 'webinar.leaveWaitlistFor'],
} as const;

function WebinarCard(props: {
  w: Webinar;
  me: number | null;
  signedIn: boolean;
  canRun: boolean;
  record: Webinar | null;
  now: number;
  busy: boolean;
  onSeat: (w: Webinar, op: 'webinar.register' | 'webinar.unregister') => void;
  runner: ActionRunner;
  act: Act;
}) {
  const { t, language } = useI18n();
  const { w } = props;
  const over = isOver(w, props.now);
  const status = seatStatus(w, props.me, props.now);
  const action = props.signedIn && !over ? seatAction(status) : null;
  const zone = w.timeZone || 'America/Denver';
  const headingId = `webinar-${w.webinar}-title`;
  return (
    <li class={`panel webinar-card${w.cancelled ? ' webinar-cancelled' : ''}`} data-testid={`webinar-${w.webinar}`}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>{w.title}</h3>
        <p class="webinar-meta">
          <span>{t('webinar.number', { webinar: w.webinar })}</span>
          {w.cancelled && <span class="badge badge-invalid">{t('webinar.badge.cancelled')}</span>}
          {!w.cancelled && over && <span class="badge badge-type">{t('webinar.badge.over')}</span>}
          {w.public && <span class="badge badge-type">{t('webinar.badge.public')}</span>}
        </p>
        {w.facilitators.length > 0 && <p class="muted">{t('webinar.facilitators', { names: listText(w.facilitators.map((f) => f.name), t) })}</p>}
        {w.cancelled && w.cancelReason && <p class="notice notice-warn">{t('webinar.cancelledReason', { reason: w.cancelReason })}</p>}
        {w.description && <p class="webinar-description">{w.description}</p>}
        {w.joinUrl && !w.cancelled && (
          <p class="webinar-join">
            {t('webinar.joinAt')}{' '}
            <a href={w.joinUrl} rel="noopener noreferrer" target="_blank">
              {w.joinUrl}
            </a>
          </p>
        )}
        <h4 class="webinar-subheading">{t('webinar.sessions')}</h4>
        <ol class="webinar-sessions">
          {w.sessions.map((s) => (
            <li key={s.session} class={props.now >= s.endsMs ? 'session-past' : ''}>
              <span class="session-number">{t('webinar.session', { session: s.session })}:</span> {sessionSpan(language, zone, s.startsMs, s.endsMs)}
              {s.attended !== null && <span class="muted"> · {t('webinar.attended', { count: s.attended })}</span>}
            </li>
          ))}
        </ol>
        <p class="muted webinar-reminders">
          {w.reminders.length > 0
            ? t('webinar.reminders', { list: listText([...w.reminders].sort((a, b) => b - a).map((m) => offsetText(m, t)), t) })
            : t('webinar.noReminders')}
        </p>
        <div class={`seat-box seat-${status.kind}`} data-testid={`seat-${w.webinar}`}>
          <p class="seat-status">
            <strong>{seatStatusText(status, t)}</strong>
          </p>
          {action && (
            <button
              type="button"
              class={`button ${action === 'register' || action === 'waitlist' ? 'button-primary' : ''}`}
              disabled={props.busy}
              aria-label={t(ACTION_LABEL[action][1], { title: w.title })}
              onClick={() => props.onSeat(w, action === 'register' || action === 'waitlist' ? 'webinar.register' : 'webinar.unregister')}
            >
              {t(ACTION_LABEL[action][0])}
            </button>
          )}
        </div>
        {props.canRun && <WebinarRecord w={w} record={props.record} now={props.now} />}
        {props.canRun && !w.cancelled && !over && <CancelWebinar w={w} runner={props.runner} act={props.act} />}
      </article>
    </li>
  );
}

/** "Add my webinars to my calendar": a new private address (POST /api/me/calendar) to copy. */
function CalendarBox({ token }: { token: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <section class="panel calendar-box" aria-labelledby="calendar-title" data-testid="calendar-box">
      <h3 id="calendar-title">{t('calendar.heading')}</h3>
      <p class="muted">{t('calendar.intro')}</p>
      <button
        type="button"
        class="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          setCopied(null);
          try {
            const answer = await api.calendar(token);
            setUrl(new URL(answer.url, location.origin).href);
          } catch (e) {
            setError(describeError(e, t));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t(url ? 'calendar.again' : 'calendar.button')}
      </button>
      <ErrorBox error={error} />
      <div role="status" class="calendar-status">
        {url ? <p>{t('calendar.made')}</p> : null}
      </div>
      {url && (
        <div class="calendar-url">
          <div class="field">
            <label for="calendar-url">{t('calendar.url')}</label>
            <input
              id="calendar-url"
              ref={input}
              type="text"
              readOnly
              value={url}
              aria-describedby="calendar-private"
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <p id="calendar-private" class="hint hint-warn">
            {t('calendar.private')}
          </p>
          <div class="button-row">
            <button
              type="button"
              class="button button-quiet"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(url);
                  setCopied('copied');
                } catch {
                  input.current?.select();
                  setCopied('failed');
                }
              }}
            >
              {t('calendar.copy')}
            </button>
          </div>
          <p role="status" class="hint">
            {copied ? t(copied === 'copied' ? 'calendar.copied' : 'calendar.copyFailed') : ''}
          </p>
        </div>
      )}
    </section>
  );
}

export function WebinarsPanel({ webinars, me, token, canRun, zone, connected, act, read, now = Date.now }: WebinarsPanelProps) {
  const { t } = useI18n();
  const runner = useActionRunner();
  const [seatBusy, setSeatBusy] = useState(false);
  const [seatError, setSeatError] = useState<ErrorText | null>(null);
  const [records, setRecords] = useState<Record<number, Webinar>>({});
  // Sessions begin and end while the tab is open: look at the clock again each half minute.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const nowMs = now();
  const list = useMemo(() => {
    const rank = (w: Webinar) => (w.cancelled ? 2 : isOver(w, nowMs) ? 1 : 0);
    return [...webinars.webinars].sort((a, b) => rank(a) - rank(b) || a.webinar - b.webinar);
  }, [webinars.webinars, nowMs]);

  // Those who run webinars read each one's record (names, attendance) again after any change.
  const wanted = webinars.webinars.filter((w) => !w.cancelled).map((w) => w.webinar);
  const wantedKey = wanted.join(',');
  useEffect(() => {
    if (!canRun || !connected || wanted.length === 0) return;
    let stale = false;
    const timer = setTimeout(() => {
      for (const number of wanted) {
        read('webinar', { webinar: number }).then(
          (ack) => {
            const r = webinarRecordOf(ack.result);
            if (!stale && r) setRecords((all) => ({ ...all, [number]: r }));
          },
          () => {
            /* offline or refused: the record shown stays; the next change reads again */
          },
        );
      }
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canRun, connected, webinars.changedAt, wantedKey]);

  const onSeat = async (w: Webinar, op: 'webinar.register' | 'webinar.unregister') => {
    setSeatBusy(true);
    setSeatError(null);
    try {
      await act(op, { webinar: w.webinar });
    } catch (e) {
      setSeatError(describeError(e, t));
    } finally {
      setSeatBusy(false);
    }
  };

  return (
    <section class="webinars" aria-labelledby="webinars-title" data-testid="webinars-panel">
      <h2 id="webinars-title">{t('webinars.heading')}</h2>
      <p class="muted">{t(canRun ? 'webinars.introRun' : token ? 'webinars.intro' : 'webinars.signIn')}</p>
      <FeedbackLine outcome={runner.outcome} onDismiss={runner.clear} />
      <ErrorBox
        error={seatError ? { ...seatError, summary: t('feedback.failed', { reason: seatError.summary }) } : null}
        onDismiss={() => setSeatError(null)}
      />
      <div class={canRun ? 'webinars-columns' : 'webinars-single'}>
        <div class="webinars-column">
          <section aria-labelledby="webinars-list-title">
            <h3 id="webinars-list-title" class="visually-hidden">
              {t('webinars.list')}
            </h3>
            {list.length === 0 ? (
              <p class="panel muted">{t('webinars.none')}</p>
            ) : (
              <ul class="webinar-list">
                {list.map((w) => (
                  <WebinarCard
                    key={w.webinar}
                    w={w}
                    me={me}
                    signedIn={!!token}
                    canRun={canRun}
                    record={records[w.webinar] ?? null}
                    now={nowMs}
                    busy={seatBusy}
                    onSeat={onSeat}
                    runner={runner}
                    act={act}
                  />
                ))}
              </ul>
            )}
          </section>
          {token && !canRun && <CalendarBox token={token} />}
        </div>
        {canRun && (
          <div class="webinars-column">
            <ScheduleWebinarForm runner={runner} act={act} zone={zone} />
            {token && <CalendarBox token={token} />}
          </div>
        )}
      </div>
    </section>
  );
}
