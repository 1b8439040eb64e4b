// C3: while the meeting is in closed session, a banner says so (and under which statute, as the
// server words it); the chair returns to open session from it. Members and the chair see the
// guests admitted to the closed session (an attorney, an auditor, staff); the chair admits them
// and dismisses each. C4: then the statement is due, and the chair puts it from here.

import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import type { ClosedSession, Guest } from '../../state/meeting';

export interface GuestControls {
  /** The chair: admit and dismiss guests. */
  canAdmit: boolean;
  onAdmit: (name: string, role: string) => Promise<boolean>;
  onDismiss: (guest: Guest) => void;
}

function guestName(g: Guest, t: ReturnType<typeof useI18n>['t']): string {
  return g.role ? t('guests.withRole', { name: g.name, role: g.role }) : g.name;
}

function AdmitGuestForm({ busy, onAdmit }: { busy: boolean; onAdmit: GuestControls['onAdmit'] }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  return (
    <form
      class="guest-form"
      aria-labelledby="admit-guest-title"
      data-testid="admit-guest-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return;
        if (await onAdmit(name.trim(), role.trim())) {
          setName('');
          setRole('');
        }
      }}
    >
      <h3 id="admit-guest-title">{t('guests.admitHeading')}</h3>
      <div class="form-grid">
        <div class="field">
          <label for="guest-name">{t('guests.name')}</label>
          <input id="guest-name" type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="guest-role">{t('guests.role')}</label>
          <input id="guest-role" type="text" maxLength={200} value={role} onInput={(e) => setRole(e.currentTarget.value)} />
        </div>
      </div>
      <button type="submit" class="button" disabled={busy || !name.trim()} aria-busy={busy}>
        {t('guests.admit')}
      </button>
    </form>
  );
}

export function ClosedSessionBanner({
  closed,
  statementDue,
  canOpen,
  canPutStatement = false,
  busy,
  onOpen,
  onPutStatement,
  guests = [],
  guestControls,
}: {
  closed: ClosedSession | null;
  statementDue: ClosedSession | null;
  canOpen: boolean;
  canPutStatement?: boolean;
  busy: string | null;
  onOpen: () => void;
  onPutStatement?: () => void;
  guests?: Guest[];
  guestControls?: GuestControls;
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
  const admitting = !!guestControls?.canAdmit;
  return (
    <section class="closed-banner" aria-labelledby="closed-title" data-testid="closed-banner">
      <h2 id="closed-title">{t('closed.heading')}</h2>
      {closed.citation ? (
        <p>{t('closed.under', { citation: closed.citation, subject: closed.subject })}</p>
      ) : (
        closed.text && <p lang="en">{closed.text}</p>
      )}
      <p class="muted">{t('closed.members')}</p>
      {(guests.length > 0 || admitting) && (
        <div class="guests" data-testid="guests">
          <h3 id="guests-title">{t('guests.heading')}</h3>
          {guests.length === 0 ? (
            <p class="muted">{t('guests.none')}</p>
          ) : (
            <ul class="presence-list" aria-labelledby="guests-title">
              {guests.map((g) => (
                <li key={g.guest}>
                  <span class="presence-name">{guestName(g, t)}</span>
                  {admitting && (
                    <button
                      type="button"
                      class="button button-quiet presence-mark"
                      aria-label={t('guests.dismissName', { name: g.name })}
                      disabled={busy !== null}
                      onClick={() => guestControls!.onDismiss(g)}
                    >
                      {t('guests.dismiss')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {admitting && <AdmitGuestForm busy={busy !== null} onAdmit={guestControls!.onAdmit} />}
        </div>
      )}
      {canOpen && (
        <button type="button" class="button button-primary" disabled={busy !== null} aria-busy={busy === 'meeting.open_session'} onClick={onOpen}>
          {t('closed.openSession')}
        </button>
      )}
    </section>
  );
}
