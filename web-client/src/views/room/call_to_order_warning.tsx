// N9: before a meeting that no lawful notice covers is called to order, the chair is warned. The
// server refuses `meeting.call_to_order` with `not_lawfully_noticed` and its findings; this modal
// alert dialog says what that means (no action taken will be valid) with the server's reason, and
// offers "Call to order anyway" (the same request with `despite_notice: true`) or "Cancel".
// A native <dialog> opened with showModal(): focus moves into it (to Cancel, the safe choice),
// stays in it, Escape cancels, and focus returns to what opened it.

import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';

export function CallToOrderWarning({
  reason,
  busy,
  onProceed,
  onCancel,
}: {
  /** The server's message (English), or null when closed. */
  reason: string | null;
  busy: boolean;
  onProceed: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  const open = reason !== null;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      opener.current = document.activeElement;
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
      cancel.current?.focus();
    } else if (!open && el.open) {
      el.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      class="warning-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="call-warning-title"
      aria-describedby="call-warning-body call-warning-reason"
      data-testid="call-to-order-warning"
      onCancel={(e) => {
        // Escape: the dialog closes by our state, not on its own.
        e.preventDefault();
        onCancel();
      }}
    >
      {open && (
        <>
          <h2 id="call-warning-title">{t('callWarning.title')}</h2>
          <p id="call-warning-body">{t('callWarning.body')}</p>
          <div id="call-warning-reason" class="warning-reason">
            <p class="notice-findings-heading">{t('callWarning.reason')}</p>
            <p lang="en">{reason}</p>
          </div>
          <div class="button-row">
            <button type="button" class="button button-danger" disabled={busy} aria-busy={busy} onClick={onProceed}>
              {t('callWarning.proceed')}
            </button>
            <button ref={cancel} type="button" class="button" disabled={busy} onClick={onCancel}>
              {t('callWarning.cancel')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
