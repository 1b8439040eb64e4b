// A learning circle's banners: the person's own attendance (recorded on entering, "Leave" to
// record leaving), the L4 warning when a quorum of a council gathers in the circle (prominent
// and not dismissible for facilitators while in force; brief for everyone else), and the news
// of one's own place in a webinar (a seat, the waitlist, promoted from it), in a live region.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import type { OmaWarning, Presence } from '../../state/quorum';
import { listText, type WebinarNews } from '../../state/webinar';

/** How long everyone but the facilitators sees the L4 warning. */
export const OMA_BRIEF_MS = 20_000;

export function OmaWarningBanner({ warnings, prominent }: { warnings: OmaWarning[]; prominent: boolean }) {
  const { t } = useI18n();
  const [hidden, setHidden] = useState<string[]>([]);
  const key = (w: OmaWarning) => `${w.council}:${w.seq}:${w.counted}`;
  const keys = warnings.map(key).join('|');
  useEffect(() => {
    if (prominent || warnings.length === 0) return;
    const shown = warnings.map(key);
    const timer = setTimeout(() => setHidden((h) => [...h, ...shown]), OMA_BRIEF_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, prominent]);

  if (prominent) {
    // Facilitators: an alert while in force (L4), never dismissed.
    return (
      <div role="alert" class={warnings.length > 0 ? 'oma-banner' : 'visually-hidden'} data-testid="oma-warning">
        {warnings.map((w) => (
          <div key={w.council}>
            <h2>{t('oma.heading', { council: w.councilName })}</h2>
            <p>{t('oma.count', { counted: w.counted, council: w.councilName, names: listText(w.present, t), required: w.required })}</p>
            <p>
              <strong>{t('oma.facilitator')}</strong>
            </p>
          </div>
        ))}
      </div>
    );
  }
  const shown = warnings.filter((w) => !hidden.includes(key(w)));
  return (
    <div role="status" class={shown.length > 0 ? 'oma-brief' : 'visually-hidden'} data-testid="oma-brief">
      {shown.map((w) => (
        <p key={w.council}>
          {t('oma.brief', { council: w.councilName })}{' '}
          <button type="button" class="link-button" onClick={() => setHidden((h) => [...h, key(w)])}>
            {t('feedback.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}

export function CirclePresence({
  present,
  busy,
  onHere,
  onLeave,
}: {
  present: Presence | null;
  busy: boolean;
  onHere: () => void;
  onLeave: () => void;
}) {
  const { t, time } = useI18n();
  return (
    <div class="circle-presence" data-testid="circle-presence">
      <p>{present ? t('circle.present', { time: time(present.sinceMs) }) : t('circle.absent')}</p>
      {present ? (
        <>
          <button type="button" class="button button-quiet" disabled={busy} aria-describedby="circle-leave-hint" onClick={onLeave}>
            {t('circle.leave')}
          </button>
          <span id="circle-leave-hint" class="visually-hidden">
            {t('circle.leaveHint')}
          </span>
        </>
      ) : (
        <button type="button" class="button button-quiet" disabled={busy} onClick={onHere}>
          {t('circle.here')}
        </button>
      )}
    </div>
  );
}

export function WebinarNewsLine({ news, onDismiss }: { news: WebinarNews | null; onDismiss: () => void }) {
  const { t } = useI18n();
  const text = news ? t(`webinar.news.${news.kind}`, { title: news.title, position: news.position }) : '';
  return (
    <div role="status" class={news ? `webinar-news webinar-news-${news.kind}` : 'visually-hidden'} data-testid="webinar-news">
      {news && (
        <p>
          <span>{text}</span>{' '}
          <button type="button" class="link-button" onClick={onDismiss}>
            {t('feedback.dismiss')}
          </button>
        </p>
      )}
    </div>
  );
}
