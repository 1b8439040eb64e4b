// One chat message of the timeline (L1): who said it and when (in the body's zone), the message it
// answers (a link that jumps to it, with its author and first words), its text or, once deleted or
// removed, only a placeholder that says so, never the text. Its buttons name the message they act
// on ("Reply to Maria Chavez's message of 10:02 AM MST"): reply for those who may speak; edit and
// delete for its author; remove (with a reason) and mute its author for moderators. Edit, delete,
// remove and mute open in place: focus moves into what opened and back to the button that opened
// it when it closes; deleting and removing ask to confirm first.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../i18n/i18n';
import { replyParent, type ChatMessage, type ChatState } from '../../state/chat';

/** The mute lengths offered (minutes); '' is "until unmuted". */
export const MUTE_CHOICES = ['15', '60', '1440', '10080', ''] as const;

export interface ChatActions {
  /** Runs a chat operation with its success line; true when the server took it. */
  act: (op: string, args: Record<string, unknown>, done: string) => Promise<boolean>;
  reply: (m: ChatMessage) => void;
  busy: boolean;
}

type Open = 'edit' | 'delete' | 'remove' | 'mute' | null;

/** Moves focus to a message (the reply link's target, or after deleting). */
export function focusMessage(seq: number): boolean {
  const el = document.getElementById(`msg-${seq}`);
  if (!el) return false;
  el.scrollIntoView({ block: 'nearest' });
  el.focus();
  return true;
}

export function muteChoiceText(choice: string, t: Translate): string {
  switch (choice) {
    case '15':
      return t('chat.mute.for15');
    case '60':
      return t('chat.mute.for60');
    case '1440':
      return t('chat.mute.forDay');
    case '10080':
      return t('chat.mute.forWeek');
    default:
      return t('chat.mute.untilUnmuted');
  }
}

function ReplyContext({ chat, seq }: { chat: ChatState; seq: number }) {
  const { t } = useI18n();
  const parent = replyParent(chat, seq);
  const text =
    parent.kind === 'shown'
      ? t('chat.inReplyTo', { name: parent.name, quote: parent.quote })
      : parent.kind === 'deleted'
        ? t('chat.inReplyToDeleted', { name: parent.name })
        : parent.kind === 'removed'
          ? t('chat.inReplyToRemoved', { name: parent.name })
          : t('chat.inReplyToUnknown', { seq });
  if (parent.kind === 'unknown') return <span class="entry-reply">{text}</span>;
  return (
    <a
      class="entry-reply"
      href={`#msg-${seq}`}
      onClick={(e) => {
        // Jump to the message answered, without changing the address (its hash opens the room's tabs).
        if (focusMessage(seq)) e.preventDefault();
      }}
    >
      {text}
    </a>
  );
}

export function ChatMessageLine({
  message,
  chat,
  me,
  canReply,
  canModerate,
  mutedMe,
  actions,
}: {
  message: ChatMessage;
  chat: ChatState;
  me: number | null;
  canReply: boolean;
  canModerate: boolean;
  /** The viewer is muted: they neither write nor change their messages (the server refuses). */
  mutedMe: boolean;
  actions: ChatActions;
}) {
  const { t, time } = useI18n();
  const m = message;
  const when = m.ts > 0 ? time(m.ts) : ''; // a redacted stand-in has no time (L1)
  const shown = m.status === 'shown';
  const mine = me !== null && m.person === me;
  const [open, setOpen] = useState<Open>(null);
  const [draft, setDraft] = useState('');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState<string>('60');
  const [problem, setProblem] = useState(false);
  const openers = useRef<Record<string, HTMLButtonElement | null>>({});
  const firstField = useRef<HTMLTextAreaElement | HTMLSelectElement | HTMLButtonElement | null>(null);
  const lastOpen = useRef<Open>(null);
  const line = useRef<HTMLLIElement>(null);

  // Focus moves into what opened, and back to the button that opened it when it closes (or to
  // the message itself when the button is gone: a message deleted or removed), as soon as it is
  // drawn, so that the next key pressed goes there.
  useLayoutEffect(() => {
    if (open) {
      firstField.current?.focus();
    } else if (lastOpen.current) {
      const back = openers.current[lastOpen.current];
      if (back && back.isConnected) back.focus();
      else line.current?.focus();
    }
    lastOpen.current = open;
  }, [open]);

  const close = () => {
    setOpen(null);
    setProblem(false);
  };
  const start = (which: Open) => {
    setDraft(m.text);
    setReason('');
    setMinutes('60');
    setProblem(false);
    setOpen(which);
  };
  const escape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  };
  const who = m.name;
  const names = { name: who, time: when };
  const mayMute = canModerate && m.person !== null && m.person !== me;
  // The end of each of the message's forms: do it, or cancel.
  const formButtons = (submit: string, kind: 'primary' | 'danger') => (
    <div class="button-row">
      <button type="submit" class={`button button-${kind}`} disabled={actions.busy}>
        {submit}
      </button>
      <button type="button" class="button" onClick={close}>
        {t('chat.cancel')}
      </button>
    </div>
  );
  // A button that opens one of the message's forms; focus returns to it when the form closes.
  // (A function that returns the element, not a component: a component made here would be a new
  // type at every render, and the button under the reader's focus would be replaced.)
  const opener = (which: Exclude<Open, null>, label: string, text: string) => (
    <button
      type="button"
      class="link-button"
      ref={(el) => {
        openers.current[which] = el;
      }}
      disabled={actions.busy}
      aria-label={label}
      onClick={() => start(which)}
    >
      {text}
    </button>
  );

  return (
    <li id={`msg-${m.seq}`} ref={line} tabIndex={-1} class={`entry entry-chat${shown ? '' : ' entry-gone'}`} data-seq={m.seq} data-testid={`message-${m.seq}`}>
      <span class="entry-time">{when}</span>
      <span class="entry-who">{who}</span>
      {m.replyTo !== null && <ReplyContext chat={chat} seq={m.replyTo} />}
      {shown ? (
        <span class="entry-text">
          {m.text}
          {m.edited && <span class="entry-edited"> {t('chat.edited')}</span>}
        </span>
      ) : (
        <span class="entry-text entry-placeholder">
          {m.status === 'deleted' ? t('chat.deletedByAuthor') : m.reason ? t('chat.removedBy', { reason: m.reason }) : t('chat.removedNoReason')}
        </span>
      )}
      {shown && open === null && (canReply || mine || canModerate) && (
        <div class="entry-actions">
          {canReply && !mutedMe && (
            <button type="button" class="link-button" disabled={actions.busy} aria-label={t(mine ? 'chat.replyMineLabel' : 'chat.replyLabel', names)} onClick={() => actions.reply(m)}>
              {t('chat.reply')}
            </button>
          )}
          {mine && !mutedMe && (
            <>
              {opener('edit', t('chat.editLabel', names), t('chat.edit'))}
              {opener('delete', t('chat.deleteLabel', names), t('chat.delete'))}
            </>
          )}
          {canModerate && !mine && opener('remove', t('chat.removeLabel', names), t('chat.remove'))}
          {mayMute && opener('mute', t('chat.muteLabel', { name: who }), t('chat.mute'))}
        </div>
      )}

      {open === 'edit' && (
        <form
          class="entry-form"
          aria-label={t('chat.editLabel', names)}
          onKeyDown={escape}
          onSubmit={async (e) => {
            e.preventDefault();
            const text = draft.trim();
            if (!text) return setProblem(true);
            if (text === m.text) return close();
            if (await actions.act('chat.edit', { message: m.seq, text }, t('done.chat.edit'))) close();
          }}
        >
          <label for={`edit-${m.seq}`}>{t('chat.editField')}</label>
          <textarea
            id={`edit-${m.seq}`}
            ref={(el) => {
                firstField.current = el;
              }}
            rows={2}
            maxLength={4096}
            value={draft}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? `edit-${m.seq}-problem` : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          {problem && (
            <p id={`edit-${m.seq}-problem`} class="field-error">
              {t('chat.editEmpty')}
            </p>
          )}
          {formButtons(t('chat.save'), 'primary')}
        </form>
      )}

      {open === 'delete' && (
        <div class="entry-form entry-confirm" role="group" aria-labelledby={`delete-${m.seq}-q`} onKeyDown={escape}>
          <p id={`delete-${m.seq}-q`}>{t('chat.deleteConfirm', { time: when })}</p>
          <div class="button-row">
            <button
              type="button"
              class="button button-danger"
              disabled={actions.busy}
              onClick={async () => {
                if (await actions.act('chat.delete', { message: m.seq }, t('done.chat.delete'))) close();
              }}
            >
              {t('chat.deleteConfirmYes')}
            </button>
            <button type="button" class="button" ref={(el) => {
                firstField.current = el;
              }} onClick={close}>
              {t('chat.deleteConfirmNo')}
            </button>
          </div>
        </div>
      )}

      {open === 'remove' && (
        <form
          class="entry-form entry-confirm"
          aria-label={t('chat.removeLabel', names)}
          onKeyDown={escape}
          onSubmit={async (e) => {
            e.preventDefault();
            const r = reason.trim();
            if (!r) return setProblem(true);
            if (await actions.act('chat.remove', { message: m.seq, reason: r }, t('done.chat.remove', { name: who }))) close();
          }}
        >
          <label for={`remove-${m.seq}`}>{t('chat.removeReason')}</label>
          <textarea
            id={`remove-${m.seq}`}
            ref={(el) => {
                firstField.current = el;
              }}
            rows={2}
            maxLength={2000}
            value={reason}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={`remove-${m.seq}-hint${problem ? ` remove-${m.seq}-problem` : ''}`}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <p id={`remove-${m.seq}-hint`} class="hint">
            {t('chat.removeHint')}
          </p>
          {problem && (
            <p id={`remove-${m.seq}-problem`} class="field-error">
              {t('chat.removeNeedsReason')}
            </p>
          )}
          {formButtons(t('chat.removeConfirm'), 'danger')}
        </form>
      )}

      {open === 'mute' && m.person !== null && (
        <form
          class="entry-form"
          aria-label={t('chat.muteLabel', { name: who })}
          onKeyDown={escape}
          onSubmit={async (e) => {
            e.preventDefault();
            const args: Record<string, unknown> = { person: m.person };
            if (minutes) args.minutes = Number(minutes);
            if (reason.trim()) args.reason = reason.trim();
            if (await actions.act('chat.mute', args, t('done.chat.mute', { name: who }))) close();
          }}
        >
          <label for={`mute-${m.seq}-for`}>{t('chat.muteFor')}</label>
          <select id={`mute-${m.seq}-for`} ref={(el) => {
                firstField.current = el;
              }} value={minutes} onChange={(e) => setMinutes(e.currentTarget.value)}>
            {MUTE_CHOICES.map((c) => (
              <option key={c} value={c}>
                {muteChoiceText(c, t)}
              </option>
            ))}
          </select>
          <label for={`mute-${m.seq}-reason`}>{t('chat.muteReason')}</label>
          <textarea id={`mute-${m.seq}-reason`} rows={2} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <div class="button-row">
            <button type="submit" class="button button-danger" disabled={actions.busy}>
              {t('chat.muteConfirm', { name: who })}
            </button>
            <button type="button" class="button" onClick={close}>
              {t('chat.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
