// A named error: what it means in the reader's language, and the server's own reason beside it
// (in the language the server wrote it in, marked so for screen readers).

import type { ErrorText } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';

export function ErrorBox({ error, onDismiss }: { error: ErrorText | null; onDismiss?: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" class={error ? 'feedback feedback-failed' : 'visually-hidden'}>
      {error && (
        <>
          <p class="feedback-summary">{error.summary}</p>
          {error.detail && (
            <p class="feedback-detail">
              {t('feedback.serverSaid', { message: '' })}
              <span lang={error.detailLang}>{error.detail}</span>
            </p>
          )}
          {onDismiss && (
            <button type="button" class="link-button" onClick={onDismiss}>
              {t('feedback.dismiss')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
