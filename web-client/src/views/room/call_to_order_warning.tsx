// N9: before a meeting that no lawful notice covers is called to order, the chair is warned. The
// server refuses `meeting.call_to_order` with `not_lawfully_noticed` and its findings; this modal
// alert dialog says what that means (no action taken will be valid) with the server's reason, and
// offers "Call to order anyway" (the same request with `despite_notice: true`) or "Cancel".
// A native <dialog> opened with showModal(): the page behind is inert, focus moves into it (to
// Cancel, the safe choice) and Tab keeps it there, Escape cancels, and focus returns to what
// opened it.

import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';

export function CallToOrderWarning({
  reason,
  reasonLang = 'en',
  busy,
  onProceed,
  onCancel,
  opener,
}: {
  /** The server's message, or null when closed. */
  reason: string | null;
  /** The language the server wrote `reason` in. */
  reasonLang?: string;
  busy: boolean;
  onProceed: () => void;
  onCancel: () => void;
  /** What opened it (the Call to order button), to focus again on closing. */
  opener?: HTMLElement | null;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<Element | null>(null);
  const open = reason !== null;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      // The button that asked was disabled while the request ran, so it may have lost the focus.
      returnTo.current = opener ?? document.activeElement;
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
      cancel.current?.focus();
    } else if (!open && returnTo.current) {
      // Closed by our state, or already by the browser (Escape may close a modal dialog itself
      // when the page has had no user activation since its last cancel): focus goes back either way.
      if (el.open) el.close();
      // The chair's buttons may have been drawn again while it was open (a view arrived): then
      // the same control, found by its operation, takes the focus back.
      const back =
        returnTo.current instanceof HTMLElement && returnTo.current.isConnected
          ? returnTo.current
          : document.querySelector<HTMLElement>('button[data-op="meeting.call_to_order"]');
      back?.focus();
      returnTo.current = null;
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
      onKeyDown={(e) => {
        // Modal: Tab and Shift+Tab cycle through the dialog's buttons, never out of it.
        if (e.key !== 'Tab') return;
        const buttons = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
        if (buttons.length === 0) return;
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const next = e.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : at === buttons.length - 1 || at < 0 ? 0 : at + 1;
        e.preventDefault();
        buttons[next]!.focus();
      }}
      onCancel={(e) => {
        // Escape: the dialog closes by our state, not on its own.
        e.preventDefault();
        onCancel();
      }}
      onClose={() => {
        // The browser closed it anyway (see above): the state follows.
        if (open) onCancel();
      }}
    >
      {open && (
        <>
          <h2 id="call-warning-title">{t('callWarning.title')}</h2>
          <p id="call-warning-body">{t('callWarning.body')}</p>
          <div id="call-warning-reason" class="warning-reason">
            <p class="notice-findings-heading">{t('callWarning.reason')}</p>
            <p lang={reasonLang}>{reason}</p>
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
