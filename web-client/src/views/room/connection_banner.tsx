// Says when the room is not live: connecting, catching up, offline (with the next attempt), or
// stopped for good.

import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import type { StatusChange } from '../../protocol/room_connection';

export function ConnectionBanner({ status, onRetry }: { status: StatusChange; onRetry: () => void }) {
  const { t } = useI18n();
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [, tick] = useState(0);

  useEffect(() => {
    setRetryAt(status.retryInMs !== undefined ? Date.now() + status.retryInMs : null);
  }, [status]);
  useEffect(() => {
    if (retryAt === null) return undefined;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);

  if (status.status === 'live') {
    return (
      <p class="connection connection-live">
        <span class="dot" aria-hidden="true" />
        {t('conn.live')}
      </p>
    );
  }
  if (status.status === 'offline') {
    const seconds = retryAt === null ? null : Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
    return (
      <div class="banner banner-offline" role="alert">
        <p>
          <strong>{t('conn.offline')}</strong> {seconds !== null && t('conn.retryIn', { seconds })}
        </p>
        <button type="button" class="button button-quiet" onClick={onRetry}>
          {t('conn.retryNow')}
        </button>
      </div>
    );
  }
  if (status.status === 'stopped') {
    const error = status.error ? describeError(status.error, t) : null;
    return (
      <div class="banner banner-stopped" role="alert">
        <p>
          <strong>{t('conn.stopped')}</strong> {error?.summary}
        </p>
        {error?.detail && (
          <p class="feedback-detail" lang={error.detailLang}>
            {error.detail}
          </p>
        )}
      </div>
    );
  }
  return (
    <p class="connection connection-pending" role="status">
      {t(status.status === 'catching_up' ? 'conn.catching_up' : 'conn.connecting')}
    </p>
  );
}
