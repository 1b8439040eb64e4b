// The meeting being held (or the next one scheduled) with its agenda: the final agenda once the
// meeting has begun (N5), the item taken up highlighted, each item's type; the lawful-notice
// status with the server's findings; and for the chair, a button to take up each item. The notice
// status shown while a meeting is held is that meeting's: when no notice covers it (called to order
// without one), the panel says so, and never shows the next meeting's notice in its place.

import { useI18n, isKey } from '../../i18n/i18n';
import type { MeetingState } from '../../state/meeting';
import type { ServerText } from '../../i18n/server_messages';
import { meetingTitle, meetingWhenWhere, noticeShown, type AgendaItem, type NoticeState, type NoticeStatus } from '../../state/notice';

/** The server's findings, each in the reader's language when its catalog words it (else English). */
function Findings({ findings }: { findings: ServerText[] }) {
  const { t, language, serverText } = useI18n();
  if (findings.length === 0) return null;
  const worded = findings.map(serverText);
  const english = language !== 'en' && worded.some((w) => w.lang === 'en');
  return (
    <>
      <p class="notice-findings-heading">{t(english ? 'notice.findingsInEnglish' : 'notice.findings')}</p>
      <ul class="notice-findings" data-testid="notice-findings">
        {worded.map((w, i) => (
          <li key={i} lang={w.lang}>
            {w.text}
          </li>
        ))}
      </ul>
    </>
  );
}

export function NoticeStatusBox({ status }: { status: NoticeStatus | null }) {
  const { t } = useI18n();
  if (!status) return <p class="muted">{t('notice.unknown')}</p>;
  return (
    <div class={`notice-status ${status.lawful ? 'notice-lawful' : 'notice-unlawful'}`} data-testid="notice-status">
      <p class="notice-verdict">
        <strong>{t(status.lawful ? 'notice.lawful' : 'notice.unlawful')}</strong>
      </p>
      <Findings findings={status.findings} />
    </div>
  );
}

/** N3, N9: a meeting in session that no notice covers. */
function UncoveredMeeting({ notice, meeting }: { notice: NoticeState; meeting: MeetingState | undefined }) {
  const { t } = useI18n();
  const listed = notice.current ? notice.meetings.find((x) => x.meeting === notice.current) : undefined;
  const number = listed?.meeting || meeting?.number || 0;
  const findings = listed?.status?.findings ?? [];
  return (
    <section class="panel agenda" aria-labelledby="agenda-title" data-testid="agenda-panel">
      <h2 id="agenda-title">{t('agenda.heading')}</h2>
      <p class="agenda-meeting">
        <strong>{number > 0 ? t('agenda.uncovered', { number }) : t('agenda.uncoveredNoNumber')}</strong>
      </p>
      <div class="notice-status notice-unlawful" data-testid="notice-status">
        <p class="notice-verdict">
          <strong>{t('notice.unlawful')}</strong>
        </p>
        <p data-testid="notice-uncovered">{t('notice.uncovered')}</p>
        <Findings findings={findings} />
      </div>
    </section>
  );
}

export function AgendaPanel({
  notice,
  meeting,
  canTakeUp,
  busy,
  onTakeUp,
}: {
  notice: NoticeState;
  /** The meeting's phase: while one is held, only its own notice is shown. */
  meeting?: MeetingState;
  canTakeUp: boolean;
  busy: string | null;
  onTakeUp: (item: AgendaItem) => void;
}) {
  const { t, dateTime } = useI18n();
  const inSession = meeting?.phase === 'in_session' || meeting?.phase === 'recessed';
  const shown = noticeShown(notice, inSession);
  if (!shown) return null;
  if (shown.kind === 'uncovered') return <UncoveredMeeting notice={notice} meeting={meeting} />;
  const m = shown.meeting;
  const held = shown.kind === 'held';
  const items = held || m.posted ? (m.finalAgenda.length > 0 ? m.finalAgenda : m.agenda) : m.agenda;
  const draft = !held && !m.posted && items.length > 0;
  const current = held ? notice.item?.item ?? 0 : 0;
  return (
    <section class="panel agenda" aria-labelledby="agenda-title" data-testid="agenda-panel">
      <h2 id="agenda-title">{t('agenda.heading')}</h2>
      <p class="agenda-meeting">
        <strong>{t(held ? 'agenda.held' : 'agenda.next', { meeting: m.meeting, title: meetingTitle(m, t) })}</strong>
        <br />
        <span class="muted">{meetingWhenWhere(m, t, dateTime)}</span>
      </p>
      <NoticeStatusBox status={m.status} />
      {held && m.amendedInSession.includes(m.postedVersion) && (
        <p class="notice notice-warn" data-testid="agenda-amended">
          {t('agenda.amendedInSession', { version: m.postedVersion })}
        </p>
      )}
      {items.length === 0 && <p class="muted">{t('agenda.none')}</p>}
      {draft && <p class="muted">{t('agenda.draft')}</p>}
      {items.length > 0 && (
        <ol class="agenda-items">
          {items.map((it) => {
            const isCurrent = it.item === current;
            const typeKey = `agenda.type.${it.type}`;
            return (
              <li
                key={it.item}
                class={`agenda-item${isCurrent ? ' agenda-current' : ''}`}
                aria-current={isCurrent ? 'step' : undefined}
                data-testid={`agenda-item-${it.item}`}
              >
                <div class="agenda-item-text">
                  <span class="agenda-number">{t('agenda.itemLabel', { item: it.item })}</span>
                  {isCurrent && <span class="badge badge-current">{t('agenda.current')}</span>}
                  <span class={`badge badge-type badge-${it.type}`}>{isKey(typeKey) ? t(typeKey) : it.type}</span>
                  <span class="agenda-title">{it.title}</span>
                  {it.presenter && <span class="muted agenda-presenter">{t('agenda.presenter', { name: it.presenter })}</span>}
                </div>
                {canTakeUp && held && !isCurrent && (
                  <button
                    type="button"
                    class="button"
                    aria-label={t('agenda.takeUpItem', { item: it.item, title: it.title })}
                    disabled={busy !== null}
                    aria-busy={busy === 'notice.take_up'}
                    onClick={() => onTakeUp(it)}
                  >
                    {t('agenda.takeUp')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
