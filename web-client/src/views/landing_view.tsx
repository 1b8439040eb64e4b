// The front page. A signed-in person sees the rooms they may enter (GET /api/me `rooms`). The
// public needs no account: a visitor opens a room by the name in its meeting notice, or one
// opened before in this browser, and finds every public body on the server's public pages. A
// server older than the room list (or one that cannot be reached) leaves a signed-in person the
// visitor's page too, so nobody is left without a way in.

import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';
import { roomsFromMe, type RoomEntry } from '../my_rooms';
import { linkHandler, useNavigate } from '../navigation';
import { api } from '../protocol/api';
import { ProtocolError } from '../protocol/messages';
import { recentRooms } from '../recent_rooms';
import { isRoomName, roomPath } from '../routes';
import type { Session } from '../session';
import { MyRoomsList } from './my_rooms_list';

type MyRooms =
  | { status: 'signed_out' }
  | { status: 'loading' }
  | { status: 'listed'; rooms: RoomEntry[] }
  /** The server's /api/me has no `rooms`: ask for a room's name as for a visitor. */
  | { status: 'unlisted' }
  | { status: 'failed'; error: unknown };

/** The rooms of the signed-in person, asked each time the page is shown (a role may have changed). */
function useMyRooms(session: Session | null, onSessionEnded: () => void): MyRooms {
  const [state, setState] = useState<MyRooms>(session ? { status: 'loading' } : { status: 'signed_out' });
  const token = session?.token ?? null;
  useEffect(() => {
    if (!token) {
      setState({ status: 'signed_out' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    api.me(token).then(
      (me) => {
        if (!current) return;
        const rooms = roomsFromMe(me);
        setState(rooms ? { status: 'listed', rooms } : { status: 'unlisted' });
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ProtocolError && error.code === 'bad_token') onSessionEnded();
        else setState({ status: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [token, onSessionEnded]);
  return state;
}

export function LandingView({ session, onSessionEnded }: { session: Session | null; onSessionEnded: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const rooms = useMyRooms(session, onSessionEnded);

  return (
    <div class="page">
      <section class="panel" aria-labelledby="landing-title">
        <h1 id="landing-title">{t('landing.title')}</h1>
        {rooms.status === 'listed' ? (
          <>
            <p class="lead">{t('landing.introSignedIn')}</p>
            <MyRoomsList rooms={rooms.rooms} />
          </>
        ) : rooms.status === 'loading' ? (
          <p role="status">{t('landing.loadingRooms')}</p>
        ) : (
          <>
            <p class="lead">{t('landing.intro')}</p>
            {rooms.status === 'failed' && (
              <p role="alert" class="feedback feedback-failed">
                {t('landing.roomsFailed', { reason: describeError(rooms.error, t).summary })}
              </p>
            )}
            <OpenRoomByName />
            <RecentRooms />
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
              {t('landing.publicSiteHint')} <a href="/public/">{t('landing.publicSite')}</a>
            </p>
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

/** A room opened by the name in its meeting notice (rec6-council). */
function OpenRoomByName() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState(false);

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
    <>
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
    </>
  );
}

/** The rooms this browser opened before, most recent first. */
function RecentRooms() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const recent = recentRooms();
  if (recent.length === 0) return null;
  return (
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
  );
}
