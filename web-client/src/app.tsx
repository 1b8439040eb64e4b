// The app: language, session and route, and the view for the route.

import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { I18nContext, initialLanguage, localeOf, rememberLanguage, translator, type I18n, type Language } from './i18n/i18n';
import { NavigationContext, type Navigate } from './navigation';
import { api, setApiLanguage } from './protocol/api';
import { parseRoute, type Route } from './routes';
import { loadSession, saveSession, type Session } from './session';
import { Header } from './views/header';
import { InviteView } from './views/invite_view';
import { LandingView } from './views/landing_view';
import { LoginView } from './views/login_view';
import { NotFoundView } from './views/not_found_view';
import { RoomView } from './views/room/room_view';
import { zonedFormat } from './views/room/zoned_time';

function currentRoute(): Route {
  return parseRoute(location.pathname, location.search, location.hash);
}

export function App() {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const [session, setSessionState] = useState<Session | null>(() => loadSession());
  const [route, setRoute] = useState<Route>(currentRoute);
  // Set when the server ended this browser's session (sign-out elsewhere, expiry, revocation):
  // the room then goes on as the public sees it, and this says why, until the person signs in.
  const [sessionEnded, setSessionEnded] = useState(false);
  // The title a room's page gives itself when it cannot be entered (no such room, not open to
  // this person), for that room only.
  const [roomTitle, setRoomTitle] = useState<{ room: string; title: string } | null>(null);

  const i18n = useMemo<I18n>(() => {
    const locale = localeOf(language);
    const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    // Outside a room no body's zone applies: the browser's, named.
    const browserZone = zonedFormat(language, Intl.DateTimeFormat().resolvedOptions().timeZone);
    return {
      language,
      t: translator(language),
      setLanguage: (l) => {
        rememberLanguage(l);
        setLanguageState(l);
      },
      time: (ms) => timeFormat.format(new Date(ms)),
      dateTime: browserZone.full,
      // Outside a room nothing the server wrote is shown; a room words it (room_view.tsx).
      serverText: (m) => ({ text: m.text, lang: 'en' }),
    };
  }, [language]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  setApiLanguage(language);  // before any request this render makes

  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback<Navigate>((path, options) => {
    if (options?.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    setRoute(currentRoute());
    window.scrollTo(0, 0);
  }, []);

  const setSession = useCallback((s: Session | null) => {
    saveSession(s);
    setSessionState(s);
    if (s) setSessionEnded(false);
  }, []);
  const endSession = useCallback(() => {
    setSession(null);
    setSessionEnded(true);
  }, [setSession]);

  const signOut = useCallback(async () => {
    if (session) {
      // Revoke it on the server; signed out here whatever the answer.
      await api.logout(session.token).catch(() => undefined);
    }
    setSession(null);
  }, [session, setSession]);

  useEffect(() => {
    const t = i18n.t;
    const title =
      route.name === 'room'
        ? roomTitle?.room === route.room
          ? roomTitle.title
          : t('room.title', { room: route.room })
        : route.name === 'login'
          ? t('login.title')
          : route.name === 'invite'
            ? t('invite.title')
            : route.name === 'not_found'
              ? t('notFound.title')
              : t('landing.title');
    document.title = `${title} · ${t('app.name')}`;
  }, [route, i18n, roomTitle]);
  const room = route.name === 'room' ? route.room : null;
  const onRoomTitle = useCallback((title: string | null) => setRoomTitle(title !== null && room !== null ? { room, title } : null), [room]);

  let view;
  switch (route.name) {
    case 'landing':
      view = <LandingView session={session} onSessionEnded={endSession} />;
      break;
    case 'login':
      view = <LoginView next={route.next} onSignedIn={setSession} />;
      break;
    case 'invite':
      view = <InviteView token={route.token} onSignedIn={setSession} />;
      break;
    case 'room':
      view = <RoomView key={`${route.room}:${session?.token ?? 'public'}`} room={route.room} session={session} onSessionEnded={endSession} onTitle={onRoomTitle} />;
      break;
    default:
      view = <NotFoundView path={route.path} />;
  }

  return (
    <I18nContext.Provider value={i18n}>
      <NavigationContext.Provider value={navigate}>
        <a class="skip-link" href="#main">
          {i18n.t('nav.skip')}
        </a>
        <Header session={session} onSignOut={signOut} />
        <main id="main" tabIndex={-1}>
          {sessionEnded && !session && (
            <p class="notice" role="status" data-testid="session-ended">
              {i18n.t('conn.signInAgain')}
            </p>
          )}
          {view}
        </main>
      </NavigationContext.Provider>
    </I18nContext.Provider>
  );
}
