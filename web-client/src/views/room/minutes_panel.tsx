// The minutes: the index of every adjourned meeting's minutes with its R2 due date and lateness,
// and the chosen one read from the server (`read`, plugin minutes). The record (R1, folded by
// the server from the log) is shown read-only beside the clerk's editable parts: the meeting's
// summary, a summary per item taken up, corrections; the draft is marked complete from here
// (R2). Approved minutes are official and locked (R3). Everyone else reads the same document.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../protocol/api';
import { describeError, type ErrorText } from '../../i18n/errors';
import { isKey, useI18n, type Translate } from '../../i18n/i18n';
import type { Ack } from '../../protocol/messages';
import {
  exportLinks,
  fieldConflict,
  fieldDirty,
  isEditableDraft,
  lateness,
  minutesDocumentOf,
  minutesTitle,
  recordsLinks,
  syncField,
  type DraftField,
  type MinutesContent,
  type MinutesDocument,
  type MinutesEntry,
  type MinutesIndex,
  type RecessRecord,
  type RecordedMotion,
} from '../../state/minutes';
import type { RollCallEntry } from '../../state/motions';
import { ErrorBox } from '../error_box';
import { FeedbackLine, useActionRunner, type ActionRunner } from '../feedback';
import { kindName, suspendReason } from './describe_event';
import { zonedFormat, type ZonedFormat } from './zoned_time';

export interface MinutesPanelProps {
  room: string;
  index: MinutesIndex;
  /** The seq of the last event that may have changed the minutes: the document is read again. */
  changedAt: number;
  canEdit: boolean;
  /** Whether the connection is up (reads wait for it). */
  connected: boolean;
  read: (plugin: string, query: Record<string, unknown>) => Promise<Ack>;
  act: (op: string, args: Record<string, unknown>) => Promise<Ack>;
  /** The clock, for R2's lateness (tests may give their own). */
  now?: () => number;
  /** The body's name (the join's ack), for the titles Collegial gives meetings. */
  bodyName?: string;
  /** The signed-in person's token (null for the public): the closed-session records need it. */
  token?: string | null;
  /** C3: this person may read closed sessions here (`read_closed_session`): offered the clerk's bundle. */
  canReadClosedSession?: boolean;
  /** The body is public (the join's ack): anyone may download its records from its public site. */
  bodyPublic?: boolean;
}

/** The server titles a meeting held without a notice "meeting": then the number alone names it. */

function statusLabel(entry: Pick<MinutesEntry, 'status' | 'version'>, t: Translate): string {
  return entry.status === 'official' ? t('minutes.status.official', { version: entry.version }) : t('minutes.status.draft');
}

function word(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isKey(key) ? t(key) : value;
}

/** The R2 line for an entry: due, overdue, completed (late). */
function LatenessLine({ entry, now, zone, fmt }: { entry: MinutesEntry; now: number; zone: string; fmt: ZonedFormat }) {
  const { t } = useI18n();
  if (entry.dueError) {
    return (
      <p class="muted minutes-due">
        {t('minutes.dueError')} <span lang="en">{entry.dueError}</span>
      </p>
    );
  }
  const l = lateness(entry, now, zone);
  switch (l.kind) {
    case 'overdue':
      return (
        <p class="minutes-late" data-testid="minutes-overdue">
          <strong>{t('minutes.overdue', { date: fmt.day(l.dueDate) })}</strong>
        </p>
      );
    case 'completed_late':
      return (
        <p class="minutes-late" data-testid="minutes-completed-late">
          <strong>{t('minutes.completedLate', { date: fmt.day(l.date), due: fmt.day(l.dueDate) })}</strong>
        </p>
      );
    case 'completed':
      return <p class="minutes-due">{t('minutes.completedOnTime', { date: fmt.day(l.date), due: fmt.day(l.dueDate) })}</p>;
    case 'due':
      return <p class="minutes-due">{t('minutes.due', { date: fmt.day(l.dueDate) })}</p>;
    default:
      return null;
  }
}

function RollCallTable({ votes, caption, testId }: { votes: RollCallEntry[]; caption: string; testId?: string }) {
  const { t } = useI18n();
  if (votes.length === 0) return null;
  return (
    <table class="roll-call" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('decision.member')}</th>
          <th scope="col">{t('decision.vote')}</th>
        </tr>
      </thead>
      <tbody>
        {votes.map((v) => (
          <tr key={v.person}>
            <th scope="row">{v.name}</th>
            <td>
              <span class={`choice choice-${v.vote}`}>{word(t, 'record', v.vote)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MotionRecord({ m, fmt }: { m: RecordedMotion; fmt: ZonedFormat }) {
  const { t } = useI18n();
  return (
    <li class="minutes-motion" data-testid={`minutes-motion-${m.motion}`}>
      <h5>
        {t('motion.title', { number: m.motion })} · {kindName(m.kind, t)}{' '}
        <span class={`result result-${m.result === 'adopted' ? 'adopted' : m.result === 'failed' ? 'failed' : 'other'}`}>
          {word(t, 'minutes.result', m.result)}
        </span>
        {!m.valid && (
          <>
            {' '}
            <span class="badge badge-invalid">{t('decision.invalid')}</span>
          </>
        )}
      </h5>
      {m.text && <p class="motion-text-small">{m.text}</p>}
      <ul class="motion-facts">
        {m.mover && <li>{t('motion.movedBy', { name: m.mover })}</li>}
        <li>{m.seconder ? t('motion.secondedBy', { name: m.seconder }) : t('minutes.motion.noSecond')}</li>
        {m.item > 0 && <li>{t('minutes.motion.item', { item: m.item })}</li>}
        {m.madeMs > 0 && <li>{t('minutes.motion.madeAt', { time: fmt.time(m.madeMs) })}</li>}
      </ul>
      {m.suspensions.map((x, i) => (
        <p key={i} class="muted" data-testid={`minutes-suspended-${m.motion}`}>
          {t('minutes.suspended', { time: fmt.time(x.atMs), reason: suspendReason(x.reason, t), count: x.count })}
        </p>
      ))}
      {(m.result === 'adopted' || m.result === 'failed') && (
        <p class="minutes-tally">
          {t(m.notVoting > 0 ? 'tally.lineNotVoting' : 'tally.line', { aye: m.aye, nay: m.nay, abstain: m.abstain, notVoting: m.notVoting })}
        </p>
      )}
      <RollCallTable votes={m.votes} caption={t('minutes.rollCall', { number: m.motion })} testId={`minutes-roll-call-${m.motion}`} />
    </li>
  );
}

/**
 * The record's heading facts, one a line: the body, when the meeting was called for, where, who
 * presided, when it was called to order and adjourned, the quorum then. Times are worded from the
 * record's milliseconds in the body's zone and the reader's language, never from the server's
 * English `starts_text`.
 */
export function recordMeta(c: MinutesContent, fmt: ZonedFormat, t: Translate): string[] {
  return [
    c.bodyName,
    c.startsMs > 0 ? t('minutes.meta.noticedFor', { when: fmt.full(c.startsMs) }) : '',
    c.place ? t('minutes.meta.place', { place: c.place }) : '',
    c.remote ? t('minutes.meta.remote', { remote: c.remote }) : '',
    c.presiding ? t('meeting.presiding', { name: c.presiding }) : '',
    c.calledToOrderMs > 0 ? t('minutes.meta.calledToOrder', { time: fmt.time(c.calledToOrderMs) }) : '',
    c.adjournedMs !== null ? t('minutes.meta.adjourned', { time: fmt.time(c.adjournedMs) }) : '',
    t(c.quorumAtCall ? 'minutes.quorumAtCall.yes' : 'minutes.quorumAtCall.no'),
  ].filter(Boolean);
}

/** N8: when and where a meeting recessed to a later day continues. */
export function continuationText(c: NonNullable<RecessRecord['continuation']>, fmt: ZonedFormat): string {
  return [c.startsMs > 0 ? fmt.full(c.startsMs) : '', c.place].filter(Boolean).join(', ');
}

/** R1: the record as the server folded it from the meeting's log. Read-only for everyone. */
function RecordView({ doc, fmt }: { doc: MinutesDocument; fmt: ZonedFormat }) {
  const { t } = useI18n();
  const c = doc.content;
  return (
    <section class="minutes-record" aria-labelledby="minutes-record-title" data-testid="minutes-record">
      <h4 id="minutes-record-title">{t('minutes.record')}</h4>
      <ul class="minutes-meta">
        {recordMeta(c, fmt, t).map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>

      <h5>{t('minutes.attendance')}</h5>
      {c.attendance.length === 0 ? (
        <p class="muted">{t('minutes.attendance.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('minutes.attendance')} tabIndex={0}>
          <table class="record-table" data-testid="minutes-attendance">
            <caption class="visually-hidden">{t('minutes.attendance')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decision.member')}</th>
                <th scope="col">{t('minutes.att.mode')}</th>
                <th scope="col">{t('minutes.att.arrived')}</th>
                <th scope="col">{t('minutes.att.departed')}</th>
              </tr>
            </thead>
            <tbody>
              {c.attendance.map((a, i) => (
                <tr key={`${a.person}-${i}`}>
                  <th scope="row">{a.designee ? t('presence.designeeFor', { name: a.name, designee: a.designee }) : a.name}</th>
                  <td>{t(a.mode === 'in_person' ? 'presence.in_person' : a.mode === 'designee' ? 'presence.designee' : 'presence.remote')}</td>
                  <td>{fmt.time(a.arrivedMs)}</td>
                  <td>
                    {a.departedMs === null
                      ? t('minutes.att.stayed')
                      : `${fmt.time(a.departedMs)}${a.departure ? ` (${word(t, 'minutes.departure', a.departure.replace(/ /g, '_'))})` : ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.proxies.length > 0 && (
        <>
          <h5>{t('presence.proxies')}</h5>
          <ul class="minutes-list" data-testid="minutes-proxies">
            {c.proxies.map((x, i) => (
              <li key={i}>{t('presence.proxy', { member: x.member, holder: x.holder })}</li>
            ))}
          </ul>
        </>
      )}
      <h5>{t('minutes.absent')}</h5>
      {c.absent.length === 0 ? (
        <p class="muted">{t('minutes.absent.none')}</p>
      ) : (
        <p data-testid="minutes-absent">{c.absent.map((m) => m.name).join(', ')}</p>
      )}

      <h5>{t('minutes.quorumChanges')}</h5>
      {c.quorum.length === 0 ? (
        <p class="muted">{t('minutes.quorum.none')}</p>
      ) : (
        <ul class="minutes-list">
          {c.quorum.map((q, i) => (
            <li key={i}>{t(q.established ? 'minutes.quorum.established' : 'minutes.quorum.lost', { time: fmt.time(q.atMs) })}</li>
          ))}
        </ul>
      )}

      <h5>{t('minutes.items')}</h5>
      {c.items.length === 0 ? (
        <p class="muted">{t('minutes.items.none')}</p>
      ) : (
        <ul class="minutes-list">
          {c.items.map((it) => (
            <li key={`${it.item}-${it.atMs}`}>
              {t('minutes.item', { item: it.item, title: it.title })} <span class="muted">· {fmt.time(it.atMs)}</span>
            </li>
          ))}
        </ul>
      )}

      <h5>{t('minutes.motions')}</h5>
      {c.motions.length === 0 ? (
        <p class="muted">{t('minutes.motions.none')}</p>
      ) : (
        <ul class="minutes-motions">
          {c.motions.map((m) => (
            <MotionRecord key={m.motion} m={m} fmt={fmt} />
          ))}
        </ul>
      )}

      {c.closedSessions.length > 0 && (
        <>
          <h5>{t('minutes.closedSessions')}</h5>
          <ul class="minutes-list">
            {c.closedSessions.map((s, i) => (
              <li key={i} data-testid={`minutes-closed-${i + 1}`}>
                <p>{t('closed.under', { citation: s.citation, subject: s.subject })}</p>
                <p class="muted">
                  {s.openedMs === null
                    ? t('minutes.closed.notReopened', { closed: fmt.time(s.closedMs) })
                    : t('minutes.closed.times', { closed: fmt.time(s.closedMs), opened: fmt.time(s.openedMs) })}
                </p>
                {s.guests.length > 0 && (
                  <ul class="minutes-list">
                    {s.guests.map((g, j) => (
                      <li key={j}>
                        {t(g.dismissedMs === null ? 'minutes.closed.guest' : 'minutes.closed.guestLeft', {
                          name: g.role ? t('guests.withRole', { name: g.name, role: g.role }) : g.name,
                          admitted: fmt.time(g.admittedMs),
                          left: g.dismissedMs === null ? '' : fmt.time(g.dismissedMs),
                        })}
                      </li>
                    ))}
                  </ul>
                )}
                {s.statement ? (
                  <div class="minutes-statement">
                    <p>
                      <strong>{t('minutes.statement')}</strong> <span lang="en">{s.statement.text}</span>{' '}
                      <span class={`result result-${s.statement.result === 'adopted' ? 'adopted' : 'failed'}`}>
                        {word(t, 'minutes.result', s.statement.result)}
                      </span>
                    </p>
                    <RollCallTable votes={s.statement.votes} caption={t('minutes.statement.rollCall')} />
                  </div>
                ) : (
                  <p class="muted">{t('minutes.statement.none')}</p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {c.recesses.length > 0 && (
        <>
          <h5>{t('minutes.recesses')}</h5>
          <ul class="minutes-list">
            {c.recesses.map((r, i) => (
              <li key={i}>
                {r.resumedMs === null
                  ? t('minutes.recess.open', { time: fmt.time(r.atMs) })
                  : t('minutes.recess', { time: fmt.time(r.atMs), resumed: fmt.time(r.resumedMs) })}
                {r.note && ` ${t('meeting.note', { note: r.note })}`}
                {r.continuation && (
                  <>
                    {' '}
                    {t('minutes.recess.continuation')} {continuationText(r.continuation, fmt)}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** One editable text of the narrative, with its own Save. */
function NarrativeField({
  id,
  label,
  server,
  field,
  onChange,
  onSave,
  busy,
  saveLabel,
}: {
  id: string;
  label: string;
  server: string;
  field: DraftField | undefined;
  onChange: (value: string) => void;
  onSave: () => void;
  busy: boolean;
  saveLabel: string;
}) {
  const { t } = useI18n();
  const value = field?.value ?? server;
  const dirty = fieldDirty(field, server);
  const conflict = fieldConflict(field, server);
  return (
    <form
      class="narrative-field"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) onSave();
      }}
    >
      <div class="field">
        <label for={id}>{label}</label>
        <textarea id={id} rows={5} value={value} aria-describedby={`${id}-state`} onInput={(e) => onChange(e.currentTarget.value)} />
        <p id={`${id}-state`} class={conflict ? 'hint hint-warn' : 'hint'}>
          {conflict ? t('minutes.conflict') : dirty ? t('minutes.unsaved') : server ? t('minutes.savedText') : t('minutes.noSummaryYet')}
        </p>
      </div>
      <button type="submit" class="button button-primary" disabled={busy || !dirty}>
        {saveLabel}
      </button>
    </form>
  );
}

function CorrectionForm({ busy, onAdd }: { busy: boolean; onAdd: (text: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      class="narrative-field"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        if (await onAdd(text.trim())) setText('');
      }}
    >
      <div class="field">
        <label for="minutes-correction">{t('minutes.addCorrection')}</label>
        <textarea id="minutes-correction" rows={3} value={text} aria-describedby="minutes-correction-hint" onInput={(e) => setText(e.currentTarget.value)} />
        <p id="minutes-correction-hint" class="hint">
          {t('minutes.correctionHint')}
        </p>
      </div>
      <button type="submit" class="button" disabled={busy || !text.trim()}>
        {t('minutes.addCorrection')}
      </button>
    </form>
  );
}

function EditHistory({ doc, fmt }: { doc: MinutesDocument; fmt: ZonedFormat }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="minutes-edits-title" class="minutes-edits">
      <h4 id="minutes-edits-title">{t('minutes.edits')}</h4>
      {doc.editList.length === 0 ? (
        <p class="muted">{t('minutes.edits.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('minutes.edits')} tabIndex={0}>
          <table class="record-table edits-table" data-testid="minutes-edits">
            <caption class="visually-hidden">{t('minutes.edits.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('minutes.edits.when')}</th>
                <th scope="col">{t('minutes.edits.by')}</th>
                <th scope="col">{t('minutes.edits.part')}</th>
                <th scope="col">{t('minutes.edits.text')}</th>
              </tr>
            </thead>
            <tbody>
              {[...doc.editList].reverse().map((e) => (
                <tr key={e.edit}>
                  <td>{fmt.dateTime(e.atMs)}</td>
                  <th scope="row">{e.by}</th>
                  <td>{e.part === 'item' ? t('minutes.part.item', { item: e.item }) : word(t, 'minutes.part', e.part)}</td>
                  <td class="edit-text">{e.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Saves `blob` as `name` through an object URL and a temporary link. */
function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken the blob by now; the URL is let go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * C3, IPRA: the records bundle with the meeting's closed sessions, for those who may read them.
 * The button first opens an inline warning (a labelled group that takes the focus, so a screen
 * reader says it; Escape or Cancel closes it and the focus returns): the file must not be given
 * to the public. Only then is the bundle fetched with the token and saved.
 */
function ClosedSessionRecords({ path, token, fileName, runner }: { path: string; token: string; fileName: string; runner: ActionRunner }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const warning = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) warning.current?.focus();
  }, [asking]);
  const close = () => {
    setAsking(false);
    // The opener is drawn again once the warning is gone.
    setTimeout(() => opener.current?.focus(), 0);
  };
  const download = () => {
    setAsking(false);
    void runner
      .run('records.closed', async () => saveBlob(await api.file(path, token), fileName), t('done.records.closed'))
      .then(() => opener.current?.focus());
  };
  return (
    <>
      <button
        ref={opener}
        type="button"
        class="button records-closed-button"
        aria-expanded={asking}
        aria-controls="records-closed-warning"
        disabled={runner.busy !== null}
        aria-busy={runner.busy === 'records.closed'}
        onClick={() => (asking ? close() : setAsking(true))}
      >
        {t('minutes.records.closed')}
      </button>
      {asking && (
        <div
          ref={warning}
          id="records-closed-warning"
          class="notice notice-warn records-warning"
          role="group"
          tabIndex={-1}
          aria-labelledby="records-closed-warning-title"
          aria-describedby="records-closed-warning-body"
          data-testid="records-closed-warning"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
        >
          <p id="records-closed-warning-title">
            <strong>{t('minutes.records.warningTitle')}</strong>
          </p>
          <p id="records-closed-warning-body">{t('minutes.records.warningBody')}</p>
          <div class="button-row">
            <button type="button" class="button button-danger" onClick={download}>
              {t('minutes.records.proceed')}
            </button>
            <button type="button" class="button" onClick={close}>
              {t('minutes.records.cancel')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}

/** The document with its record beside the clerk's parts. */
function DocumentView({
  room,
  doc,
  canEdit,
  now,
  act,
  bodyName,
  token,
  canReadClosedSession,
  bodyPublic,
}: {
  room: string;
  doc: MinutesDocument;
  canEdit: boolean;
  now: number;
  act: MinutesPanelProps['act'];
  bodyName: string;
  token: string | null;
  canReadClosedSession: boolean;
  bodyPublic: boolean;
}) {
  const { t, language } = useI18n();
  const runner = useActionRunner();
  const c = doc.content;
  const fmt = zonedFormat(language, c.timeZone);
  const editable = canEdit && isEditableDraft(doc);
  const [fields, setFields] = useState<Record<string, DraftField>>({});
  const servers: Record<string, string> = { summary: c.summary };
  for (const it of c.items) servers[`item:${it.item}`] = c.itemSummaries[it.item] ?? '';

  // The server's text arrives again after every edit: fields nobody is typing in follow it.
  useEffect(() => {
    setFields((before) => {
      const next: Record<string, DraftField> = {};
      for (const [k, server] of Object.entries(servers)) next[k] = syncField(before[k], server);
      return next;
    });
  }, [doc]);

  const change = (k: string, value: string) => setFields((f) => ({ ...f, [k]: { base: f[k]?.base ?? servers[k] ?? '', value } }));
  const save = (k: string, args: Record<string, unknown>, done: string) => {
    const text = fields[k]?.value ?? '';
    void runner.run(`minutes.edit:${k}`, () => act('minutes.edit', { minutes: doc.number, ...args, text }), done).then((ok) => {
      if (ok) setFields((f) => ({ ...f, [k]: { base: text, value: text } }));
    });
  };
  const links = exportLinks(room, doc.number, doc.documentStatus === 'superseded' ? doc.version : 0);
  const records = recordsLinks(room, doc.entry.meeting);
  const uniqueItems = c.items.filter((it, i) => c.items.findIndex((x) => x.item === it.item) === i);
  const docTitle = c.title ? minutesTitle(c, c.bodyName || bodyName, t) : minutesTitle(doc.entry, bodyName, t);

  return (
    <article class="minutes-doc" aria-labelledby="minutes-doc-title" data-testid="minutes-document">
      <header class="minutes-doc-head">
        <h3 id="minutes-doc-title">
          {docTitle ? t('minutes.docTitle', { number: doc.number, title: docTitle }) : t('minutes.docTitleUntitled', { number: doc.number })}
        </h3>
        <p class="muted">{fmt.day(c.date || doc.entry.date)}</p>
        {doc.documentStatus === 'draft' ? (
          <p class="minutes-mark minutes-mark-draft" data-testid="minutes-mark">
            {t('minutes.draftMark')}
          </p>
        ) : doc.documentStatus === 'official' ? (
          <p class="minutes-mark minutes-mark-official" data-testid="minutes-mark">
            {t('minutes.officialMark', { version: doc.version })}
            {doc.approval && ` ${t('minutes.approvedOn', { when: fmt.dateTime(doc.approval.approvedMs) })}`}
          </p>
        ) : (
          <p class="minutes-mark minutes-mark-superseded" data-testid="minutes-mark">
            {t('minutes.supersededMark', { version: doc.version, latest: doc.latestVersion })}
          </p>
        )}
        {doc.entry.disapproved && <p class="minutes-late">{t('minutes.disapproved')}</p>}
        <LatenessLine entry={doc.entry} now={now} zone={c.timeZone} fmt={fmt} />
        {doc.entry.completed && (
          <p class="muted">{t('minutes.completedBy', { name: doc.entry.completed.by, date: fmt.day(doc.entry.completed.date) })}</p>
        )}
        <nav aria-label={t('minutes.exports', { number: doc.number })} class="minutes-exports">
          <a href={links.pdf}>{t('minutes.export.pdf')}</a>
          <a href={links.md}>{t('minutes.export.md')}</a>
          <a href={links.json}>{t('minutes.export.json')}</a>
          <a href={links.page}>{t('minutes.export.page')}</a>
          {records && bodyPublic && (
            <a href={records.public} download>
              {t('minutes.records.public')}
            </a>
          )}
          {records && !bodyPublic && token && canReadClosedSession && (
            // A body that is not public has no public site: its bundle comes with one's token.
            <button
              type="button"
              class="button"
              disabled={runner.busy !== null}
              onClick={() =>
                void runner.run(
                  'records.public',
                  async () => saveBlob(await api.file(records.api, token), `${room}-meeting-${doc.entry.meeting}-records.zip`),
                  t('done.records.public'),
                )
              }
            >
              {t('minutes.records.public')}
            </button>
          )}
        </nav>
        {records && token && canReadClosedSession && (
          <ClosedSessionRecords
            path={records.withClosedSession}
            token={token}
            fileName={`${room}-meeting-${doc.entry.meeting}-records-with-closed-session.zip`}
            runner={runner}
          />
        )}
      </header>

      <FeedbackLine outcome={runner.outcome} onDismiss={runner.clear} />

      <div class="minutes-columns">
        <RecordView doc={doc} fmt={fmt} />

        <section class="minutes-narrative" aria-labelledby="minutes-narrative-title" data-testid="minutes-narrative">
          <h4 id="minutes-narrative-title">{t('minutes.narrative')}</h4>
          {!editable && canEdit && doc.documentStatus !== 'draft' && <p class="notice">{t('minutes.locked')}</p>}
          {editable ? (
            <>
              <NarrativeField
                id="minutes-summary"
                label={t('minutes.summary')}
                server={c.summary}
                field={fields.summary}
                onChange={(v) => change('summary', v)}
                onSave={() => save('summary', { part: 'summary' }, t('done.minutes.summary'))}
                busy={runner.busy !== null}
                saveLabel={t('minutes.saveSummary')}
              />
              {uniqueItems.map((it) => (
                <NarrativeField
                  key={it.item}
                  id={`minutes-item-${it.item}`}
                  label={t('minutes.itemSummary', { item: it.item, title: it.title })}
                  server={c.itemSummaries[it.item] ?? ''}
                  field={fields[`item:${it.item}`]}
                  onChange={(v) => change(`item:${it.item}`, v)}
                  onSave={() => save(`item:${it.item}`, { part: 'item', item: it.item }, t('done.minutes.item', { item: it.item }))}
                  busy={runner.busy !== null}
                  saveLabel={t('minutes.saveItem', { item: it.item })}
                />
              ))}
            </>
          ) : (
            <>
              {canEdit &&
                Object.entries(fields)
                  .filter(([k, f]) => fieldDirty(f, servers[k] ?? ''))
                  .map(([k, f]) => (
                    <div key={k} class="notice notice-warn" data-testid="minutes-unsaved">
                      <p>{t('minutes.unsavedLocked')}</p>
                      <p class="narrative-text">{f.value}</p>
                    </div>
                  ))}
              <h5>{t('minutes.summary')}</h5>
              {c.summary ? <p class="narrative-text" data-testid="minutes-summary-text">{c.summary}</p> : <p class="muted">{t('minutes.noSummary')}</p>}
              {uniqueItems
                .filter((it) => c.itemSummaries[it.item])
                .map((it) => (
                  <div key={it.item}>
                    <h5>{t('minutes.itemSummary', { item: it.item, title: it.title })}</h5>
                    <p class="narrative-text">{c.itemSummaries[it.item]}</p>
                  </div>
                ))}
            </>
          )}

          <h4>{t('minutes.corrections')}</h4>
          {c.corrections.length === 0 ? (
            <p class="muted">{t('minutes.corrections.none')}</p>
          ) : (
            <ul class="minutes-list" data-testid="minutes-corrections">
              {c.corrections.map((x, i) => (
                <li key={i}>
                  <p class="narrative-text">{x.text}</p>
                  <p class="muted">
                    {x.source === 'body'
                      ? t('minutes.correction.byBody', { motion: x.motion, version: x.version })
                      : t('minutes.correction.byClerk', { name: x.by, when: fmt.dateTime(x.atMs) })}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {editable && (
            <CorrectionForm
              busy={runner.busy !== null}
              onAdd={(text) =>
                runner.run('minutes.edit:correction', () => act('minutes.edit', { minutes: doc.number, part: 'correction', text }), t('done.minutes.correction'))
              }
            />
          )}

          {editable && !doc.entry.completed && (
            <div class="minutes-complete">
              <h4>{t('minutes.completeHeading')}</h4>
              <p class="hint" id="minutes-complete-hint">
                {t('minutes.completeHint')}
              </p>
              <button
                type="button"
                class="button button-primary"
                aria-describedby="minutes-complete-hint"
                disabled={runner.busy !== null}
                onClick={() => void runner.run('minutes.complete', () => act('minutes.complete', { minutes: doc.number }), t('done.minutes.complete'))}
              >
                {t('minutes.complete')}
              </button>
            </div>
          )}

          {doc.history.length > 0 && (
            <>
              <h4>{t('minutes.history')}</h4>
              <ul class="minutes-list">
                {doc.history.map((h, i) => (
                  <li key={i}>
                    {t('minutes.history.line', { when: fmt.dateTime(h.atMs), motion: h.motion, outcome: word(t, 'minutes.outcome', h.outcome) })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <EditHistory doc={doc} fmt={fmt} />
        </section>
      </div>
    </article>
  );
}

export function MinutesPanel({
  room,
  index,
  changedAt,
  canEdit,
  connected,
  read,
  act,
  now = Date.now,
  bodyName = '',
  token = null,
  canReadClosedSession = false,
  bodyPublic = true,
}: MinutesPanelProps) {
  const { t, language } = useI18n();
  const [selected, setSelected] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [doc, setDoc] = useState<MinutesDocument | null>(null);
  const [error, setError] = useState<ErrorText | null>(null);
  const [loading, setLoading] = useState(false);
  const asked = useRef(0);

  const shown = selected ?? index.entries[0]?.number ?? null;
  const entry = index.entries.find((e) => e.number === shown) ?? null;

  useEffect(() => {
    if (shown === null || !connected) return;
    const ask = ++asked.current;
    setLoading(true);
    const timer = setTimeout(() => {
      read('minutes', { minutes: shown, version }).then(
        (ack) => {
          if (ask !== asked.current) return;
          setDoc(minutesDocumentOf(ack.result));
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          if (ask !== asked.current) return;
          setError(describeError(e, t));
          setLoading(false);
        },
      );
    }, 50);
    return () => clearTimeout(timer);
    // Read again when the minutes may have changed (an edit, an approval), or the index did.
  }, [shown, version, changedAt, connected, index.atSeq]);

  const clock = now();
  const showing = doc && doc.number === shown ? doc : null;
  const versions = showing?.entry.versions ?? entry?.versions ?? [];

  return (
    <section class="panel minutes" aria-labelledby="minutes-title" data-testid="minutes-panel">
      <h2 id="minutes-title">{t('minutes.heading')}</h2>
      <p class="muted">{t('minutes.intro')}</p>
      {index.inProgress > 0 && <p class="notice">{t('minutes.inProgress', { number: index.inProgress })}</p>}
      {!index.known ? (
        <p class="muted">{t('minutes.unknown')}</p>
      ) : index.entries.length === 0 ? (
        <p class="muted">{t('minutes.none')}</p>
      ) : (
        <ul class="minutes-index" aria-label={t('minutes.listLabel')}>
          {index.entries.map((e) => {
            const fmt = zonedFormat(language, e.timeZone);
            const l = lateness(e, clock);
            const current = e.number === shown;
            return (
              <li key={e.number} class={`minutes-entry${current ? ' minutes-entry-current' : ''}`}>
                <button
                  type="button"
                  class="minutes-entry-button"
                  aria-current={current ? 'true' : undefined}
                  data-testid={`minutes-entry-${e.number}`}
                  onClick={() => {
                    setSelected(e.number);
                    setVersion(0);
                  }}
                >
                  <span class="minutes-entry-title">
                    {minutesTitle(e, bodyName, t)
                      ? t('minutes.entry', { number: e.number, title: minutesTitle(e, bodyName, t) })
                      : t('minutes.entryUntitled', { number: e.number })}
                  </span>
                  <span class="minutes-entry-meta">{fmt.day(e.date)}</span>
                  <span class="minutes-entry-badges">
                    <span class={`badge ${e.status === 'official' ? 'badge-official' : 'badge-draft'}`}>{statusLabel(e, t)}</span>
                    {l.kind === 'overdue' && <span class="badge badge-invalid">{t('minutes.badge.overdue')}</span>}
                    {l.kind === 'completed_late' && <span class="badge badge-invalid">{t('minutes.badge.completedLate')}</span>}
                    {(l.kind === 'completed' || l.kind === 'completed_late') && <span class="badge badge-type">{t('minutes.badge.completed')}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {shown !== null && versions.length > 0 && (
        <div class="field minutes-version">
          <label for="minutes-version">{t('minutes.version')}</label>
          <select id="minutes-version" value={String(version)} onChange={(e) => setVersion(Number((e.currentTarget as HTMLSelectElement).value))}>
            <option value="0">{t('minutes.version.current')}</option>
            {versions.map((v) => (
              <option key={v.version} value={String(v.version)}>
                {t('minutes.version.k', {
                  version: v.version,
                  disposition: word(t, 'minutes.outcome', v.disposition),
                  date: zonedFormat(language, entry?.timeZone ?? '').dateTime(v.approvedMs),
                })}
              </option>
            ))}
          </select>
        </div>
      )}

      <ErrorBox error={error} />
      {loading && !showing && (
        <p class="muted" role="status">
          {t('minutes.loading')}
        </p>
      )}
      {showing && <DocumentView key={showing.number} room={room} doc={showing} canEdit={canEdit} now={clock} act={act} bodyName={bodyName} token={token} canReadClosedSession={canReadClosedSession} bodyPublic={bodyPublic} />}
    </section>
  );
}
