// What every action shows when it ends: a success line (role=status) or a named error
// (role=alert) with the server's reason beside it.

import { useCallback, useState } from 'preact/hooks';
import { describeError, type ErrorText } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';
import { ErrorBox } from './error_box';

export type Outcome = { kind: 'done'; text: string; at: number } | { kind: 'failed'; error: ErrorText; at: number };

export interface ActionRunner {
  outcome: Outcome | null;
  busy: string | null; // the key of the action in flight
  /**
   * Runs `action` under `key`; `handled` may take an error on itself (return true: nothing is shown,
   * the caller says what follows, e.g. a warning to confirm).
   */
  run: (key: string, action: () => Promise<unknown>, done: string, handled?: (error: unknown) => boolean) => Promise<boolean>;
  clear: () => void;
}

export function useActionRunner(): ActionRunner {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (key: string, action: () => Promise<unknown>, done: string, handled?: (error: unknown) => boolean) => {
      setBusy(key);
      try {
        await action();
        setOutcome({ kind: 'done', text: done, at: Date.now() });
        return true;
      } catch (error) {
        if (handled?.(error)) {
          setOutcome(null);
          return false;
        }
        setOutcome({ kind: 'failed', error: describeError(error, t), at: Date.now() });
        return false;
      } finally {
        setBusy(null);
      }
    },
    [t],
  );
  return { outcome, busy, run, clear: () => setOutcome(null) };
}

export function FeedbackLine({ outcome, onDismiss }: { outcome: Outcome | null; onDismiss: () => void }) {
  const { t } = useI18n();
  const failed = outcome?.kind === 'failed' ? { ...outcome.error, summary: t('feedback.failed', { reason: outcome.error.summary }) } : null;
  return (
    <div class="feedback-slot">
      <p role="status" class={outcome?.kind === 'done' ? 'feedback feedback-done' : 'visually-hidden'}>
        {outcome?.kind === 'done' ? outcome.text : ''}
      </p>
      <ErrorBox error={failed} onDismiss={onDismiss} />
    </div>
  );
}
