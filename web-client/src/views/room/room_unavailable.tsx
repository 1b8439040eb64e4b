// A room the server will not join: no room of that name (a mistyped address, `unknown_room`) or
// one this person may not enter (`forbidden`: a body that is not public, and no role in it). In
// place of the room, a page that says so in the reader's language, with a way back to their
// rooms (and, for a visitor, to sign in or to the public pages) — never the protocol's code or
// the server's English reason.

import { useEffect, useRef } from 'preact/hooks';
import type { Translate } from '../../i18n/i18n';
import { linkHandler, useNavigate } from '../../navigation';

export type Unavailable = 'unknown_room' | 'forbidden';

/** The join's refusal that this page answers, or null when the room view handles it (e.g. bad_token). */
export function unavailableReason(code: string | undefined): Unavailable | null {
  return code === 'unknown_room' || code === 'forbidden' ? code : null;
}

export interface UnavailablePage {
  title: string;
  paragraphs: string[];
  /** In the order shown; `app`: a route of this app (navigated without a reload). */
  links: { href: string; text: string; app: boolean }[];
}

/** What the page says to this reader: signed in or not, in the translator's language. */
export function unavailablePage(reason: Unavailable, room: string, signedIn: boolean, t: Translate): UnavailablePage {
  const back = { href: '/', text: t(signedIn ? 'roomUnavailable.backToMine' : 'roomUnavailable.backToRooms'), app: true };
  const publicSite = { href: '/public/', text: t('landing.publicSite'), app: false };
  const signIn = { href: `/login?next=${encodeURIComponent(`/room/${room}`)}`, text: t('roomUnavailable.signIn'), app: true };
  if (reason === 'unknown_room') {
    return {
      title: t('roomUnavailable.unknown.title', { room }),
      paragraphs: [t('roomUnavailable.unknown.body')],
      links: [back, publicSite],
    };
  }
  return {
    title: t('roomUnavailable.forbidden.title'),
    paragraphs: [t(signedIn ? 'roomUnavailable.forbidden.signedIn' : 'roomUnavailable.forbidden.signedOut', { room })],
    links: signedIn ? [back, publicSite] : [signIn, back, publicSite],
  };
}

export function RoomUnavailable({ page, onTitle }: { page: UnavailablePage; onTitle?: (title: string | null) => void }) {
  const navigate = useNavigate();
  const heading = useRef<HTMLHeadingElement>(null);
  // The room's page became this one after the join was refused: focus its heading, so that a
  // screen reader says what happened.
  useEffect(() => heading.current?.focus(), []);
  // The document's title says it too (the app's says "Room …" until then), and no longer once gone.
  useEffect(() => {
    onTitle?.(page.title);
    return () => onTitle?.(null);
  }, [page.title, onTitle]);
  return (
    <section class="panel narrow room-unavailable" aria-labelledby="room-unavailable-title" data-testid="room-unavailable">
      <h1 id="room-unavailable-title" tabIndex={-1} ref={heading}>
        {page.title}
      </h1>
      {page.paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      <ul class="link-list">
        {page.links.map((l) => (
          <li key={l.href}>
            <a href={l.href} onClick={l.app ? linkHandler(navigate, l.href) : undefined}>
              {l.text}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
