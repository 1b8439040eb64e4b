// The front page: open a room by the name in its meeting notice, or one opened before. The public
// needs no account; members are invited to sign in to take part.

import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { linkHandler, useNavigate } from '../navigation';
import { recentRooms } from '../recent_rooms';
import { isRoomName, roomPath } from '../routes';
import type { Session } from '../session';

export function LandingView({ session }: { session: Session | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState(false);
  const recent = recentRooms();

  function open(e: Event) {
    e.preventDefault();
    const room = name.trim().toLowerCase();
    if (!isRoomName(room)) {
      setInvalid(true);
      return;
    }
    navigate(roomPath(room));
  }

  return (
    <div class="page">
      <section class="panel" aria-labelledby="landing-title">
        <h1 id="landing-title">{t('landing.title')}</h1>
        <p class="lead">{t('landing.intro')}</p>
        <form class="inline-form" onSubmit={open} noValidate>
          <div class="field grow">
            <label for="room-name">{t('landing.roomName')}</label>
            <input
              id="room-name"
              type="text"
              inputMode="text"
              autocapitalize="none"
              autocomplete="off"
              spellcheck={false}
              placeholder="rec6-council"
              aria-describedby="room-name-hint"
              aria-invalid={invalid ? 'true' : undefined}
              value={name}
              onInput={(e) => {
                setName(e.currentTarget.value);
                setInvalid(false);
              }}
            />
            <p id="room-name-hint" class="hint">
              {t('landing.roomHint')}
            </p>
          </div>
          <button type="submit" class="button button-primary">
            {t('landing.open')}
          </button>
        </form>
        {invalid && (
          <p role="alert" class="feedback feedback-failed">
            {t('landing.badName')}
          </p>
        )}
        {recent.length > 0 && (
          <>
            <h2>{t('landing.recent')}</h2>
            <ul class="room-list">
              {recent.map((room) => (
                <li key={room}>
                  <a href={roomPath(room)} onClick={linkHandler(navigate, roomPath(room))}>
                    {room}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="panel panel-quiet">
        {session ? (
          <p>{t('landing.signedIn', { name: session.name })}</p>
        ) : (
          <>
            <p>{t('landing.asPublic')}</p>
            <p>
              <a href="/login" onClick={linkHandler(navigate, '/login')}>
                {t('landing.signInPrompt')}
              </a>
            </p>
          </>
        )}
      </section>
    </div>
  );
}
