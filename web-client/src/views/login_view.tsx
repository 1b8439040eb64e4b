// Signing in with an email and a password (POST /api/login, then GET /api/me for the roles).

import { useState } from 'preact/hooks';
import { describeError, type ErrorText } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';
import { linkHandler, useNavigate } from '../navigation';
import { api } from '../protocol/api';
import { sessionFrom, type Session } from '../session';
import { ErrorBox } from './error_box';

export function LoginView({ next, onSignedIn }: { next: string | null; onSignedIn: (s: Session) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const [missing, setMissing] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      const answer = await api.login(email.trim(), password);
      const me = await api.me(answer.token);
      onSignedIn(sessionFrom(answer, me));
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      setError(describeError(err, t));
      setBusy(false);
    }
  }

  return (
    <section class="panel narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <p class="lead">{t('login.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="login-email">{t('login.email')}</label>
          <input
            id="login-email"
            type="email"
            autocomplete="username"
            required
            value={email}
            aria-invalid={missing && !email.trim() ? 'true' : undefined}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            aria-invalid={missing && !password ? 'true' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        {missing && (
          <p role="alert" class="feedback feedback-failed">
            {t('login.missing')}
          </p>
        )}
        <ErrorBox error={error} />
        <button type="submit" class="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p class="aside-link">
        <a href="/" onClick={linkHandler(navigate, '/')}>
          {t('login.watchInstead')}
        </a>
      </p>
    </section>
  );
}
