// C3: while the meeting is in closed session, a banner says so (and under which statute, as the
// server words it); the chair returns to open session from it. C4: then the statement is due,
// and the chair puts it from here.

import { useI18n } from '../../i18n/i18n';
import type { ClosedSession } from '../../state/meeting';

export function ClosedSessionBanner({
  closed,
  statementDue,
  canOpen,
  canPutStatement = false,
  busy,
  onOpen,
  onPutStatement,
}: {
  closed: ClosedSession | null;
  statementDue: ClosedSession | null;
  canOpen: boolean;
  canPutStatement?: boolean;
  busy: string | null;
  onOpen: () => void;
  onPutStatement?: () => void;
}) {
  const { t } = useI18n();
  if (!closed) {
    if (!statementDue) return null;
    return (
      <div class="notice notice-warn statement-due" data-testid="statement-due">
        <p>{t('closed.statementDue')}</p>
        {statementDue.citation && <p>{t('closed.under', { citation: statementDue.citation, subject: statementDue.subject })}</p>}
        {canPutStatement && onPutStatement && (
          <button type="button" class="button button-primary" disabled={busy !== null} aria-busy={busy === 'motions.move'} onClick={onPutStatement}>
            {t('closed.putStatement')}
          </button>
        )}
      </div>
    );
  }
  return (
    <section class="closed-banner" aria-labelledby="closed-title" data-testid="closed-banner">
      <h2 id="closed-title">{t('closed.heading')}</h2>
      {closed.citation ? (
        <p>{t('closed.under', { citation: closed.citation, subject: closed.subject })}</p>
      ) : (
        closed.text && <p lang="en">{closed.text}</p>
      )}
      <p class="muted">{t('closed.members')}</p>
      {canOpen && (
        <button type="button" class="button button-primary" disabled={busy !== null} aria-busy={busy === 'meeting.open_session'} onClick={onOpen}>
          {t('closed.openSession')}
        </button>
      )}
    </section>
  );
}
