// The meeting being held (or the next one scheduled) with its agenda: the final agenda once the
// meeting has begun (N5), the item taken up highlighted, each item's type; the lawful-notice
// status with the server's findings; and for the chair, a button to take up each item.

import { useI18n, isKey } from '../../i18n/i18n';
import { agendaMeeting, type AgendaItem, type NoticeState } from '../../state/notice';

export function NoticeStatusBox({ status }: { status: { lawful: boolean; findings: string[] } | null }) {
  const { t } = useI18n();
  if (!status) return <p class="muted">{t('notice.unknown')}</p>;
  return (
    <div class={`notice-status ${status.lawful ? 'notice-lawful' : 'notice-unlawful'}`} data-testid="notice-status">
      <p class="notice-verdict">
        <strong>{t(status.lawful ? 'notice.lawful' : 'notice.unlawful')}</strong>
      </p>
      {status.findings.length > 0 && (
        <>
          <p class="notice-findings-heading">{t('notice.findings')}</p>
          <ul class="notice-findings" lang="en">
            {status.findings.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function AgendaPanel({
  notice,
  canTakeUp,
  busy,
  onTakeUp,
}: {
  notice: NoticeState;
  canTakeUp: boolean;
  busy: string | null;
  onTakeUp: (item: AgendaItem) => void;
}) {
  const { t } = useI18n();
  const shown = agendaMeeting(notice);
  if (!shown) return null;
  const { meeting: m, held } = shown;
  const items = held || m.posted ? (m.finalAgenda.length > 0 ? m.finalAgenda : m.agenda) : m.agenda;
  const draft = !held && !m.posted && items.length > 0;
  const current = held ? notice.item?.item ?? 0 : 0;
  const kindKey = `agenda.kind.${m.kind}`;
  return (
    <section class="panel agenda" aria-labelledby="agenda-title" data-testid="agenda-panel">
      <h2 id="agenda-title">{t('agenda.heading')}</h2>
      <p class="agenda-meeting">
        <strong>{t(held ? 'agenda.held' : 'agenda.next', { meeting: m.meeting, title: m.title })}</strong>
        <br />
        <span class="muted">
          {isKey(kindKey) ? t(kindKey) : m.kind}
          {m.startsText && ` · ${m.startsText}`}
          {m.place && ` · ${m.place}`}
        </span>
      </p>
      <NoticeStatusBox status={m.status} />
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
