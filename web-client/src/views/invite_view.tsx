// Accepting an invitation: /invite#inv_… sets the person's password once
// (POST /api/invitations/accept) and signs them in.

import { useEffect, useState } from 'preact/hooks';
import { describeError, type ErrorText } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';
import { useNavigate } from '../navigation';
import { api } from '../protocol/api';
import { sessionFrom, type Session } from '../session';
import { ErrorBox } from './error_box';

const MIN_PASSWORD = 10; // docs/permissions.md: at least 10 characters

export function InviteView({ token, onSignedIn }: { token: string; onSignedIn: (s: Session) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [invitation] = useState(token);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);

  // The token stays out of the address bar and the history once read.
  useEffect(() => {
    if (location.hash) history.replaceState(null, '', '/invite');
  }, []);

  if (!invitation.startsWith('inv_')) {
    return (
      <section class="panel narrow" aria-labelledby="invite-title">
        <h1 id="invite-title">{t('invite.title')}</h1>
        <p role="alert" class="feedback feedback-failed">
          {t('invite.noToken')}
        </p>
      </section>
    );
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (password.length < MIN_PASSWORD) return setProblem(t('invite.tooShort'));
    if (password !== confirm) return setProblem(t('invite.mismatch'));
    setProblem(null);
    setBusy(true);
    try {
      const answer = await api.acceptInvitation(invitation, password);
      const me = await api.me(answer.token);
      onSignedIn(sessionFrom(answer, me));
      navigate('/', { replace: true });
    } catch (err) {
      const described = describeError(err, t);
      // Here a refused token is the invitation's, not a session's.
      setError(described.code === 'bad_token' ? { ...described, summary: t('invite.badToken') } : described);
      setBusy(false);
    }
  }

  return (
    <section class="panel narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">{t('invite.title')}</h1>
      <p class="lead">{t('invite.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="invite-password">{t('invite.password')}</label>
          <input
            id="invite-password"
            type="password"
            autocomplete="new-password"
            minLength={MIN_PASSWORD}
            required
            aria-describedby="invite-password-hint"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <p id="invite-password-hint" class="hint">
            {t('invite.passwordHint')}
          </p>
        </div>
        <div class="field">
          <label for="invite-confirm">{t('invite.confirm')}</label>
          <input
            id="invite-confirm"
            type="password"
            autocomplete="new-password"
            required
            value={confirm}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </div>
        {problem && (
          <p role="alert" class="feedback feedback-failed">
            {problem}
          </p>
        )}
        <ErrorBox error={error} />
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('invite.submitting') : t('invite.submit')}
        </button>
      </form>
    </section>
  );
}
