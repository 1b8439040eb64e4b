// The bar on every page: the app's name, the rooms, the language switch, who is signed in.

import { useI18n, LANGUAGES, type Language } from '../i18n/i18n';
import { linkHandler, useNavigate } from '../navigation';
import type { Session } from '../session';

export function Header({ session, onSignOut }: { session: Session | null; onSignOut: () => void }) {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const next = location.pathname.startsWith('/room/') ? `?next=${encodeURIComponent(location.pathname)}` : '';
  return (
    <header class="site-header">
      <div class="site-header-inner">
        <a class="brand" href="/" onClick={linkHandler(navigate, '/')}>
          <span class="brand-mark" aria-hidden="true" />
          <span class="brand-text">
            <span class="brand-name">{t('app.name')}</span>
            <span class="brand-tagline">{t('app.tagline')}</span>
          </span>
        </a>
        <nav class="site-nav" aria-label={t('nav.main')}>
          <a href="/" onClick={linkHandler(navigate, '/')}>
            {t('nav.rooms')}
          </a>
          <label class="language">
            <span class="visually-hidden">{t('lang.label')}</span>
            <select
              value={language}
              onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
          {session ? (
            <span class="who">
              <span class="who-name">{t('nav.signedInAs', { name: session.name })}</span>
              <button type="button" class="button button-quiet" onClick={onSignOut}>
                {t('nav.signOut')}
              </button>
            </span>
          ) : (
            <a class="button button-quiet" href={`/login${next}`} onClick={linkHandler(navigate, `/login${next}`)}>
              {t('nav.signIn')}
            </a>
          )}
        </nav>
      </div>
    </header>
  );
}
