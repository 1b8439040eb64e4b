// Chat and the record as it happens, with the bots' announcements; the box to speak in, for
// those who may. Chat messages come from the conversation's fold (state/chat.ts): replies, edits,
// deletions and removals (L1) are shown on the message, and a deleted or removed message shows
// only its placeholder. Moderators see who is muted, with Unmute; a muted person's box says until
// when and is disabled. Every time is in the body's zone and says which.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import { firstWords, mutesInForce, type ChatMessage, type ChatState, type Mute } from '../../state/chat';
import { isBot, type TimelineEntry } from '../../state/timeline';
import { ChatMessageLine, type ChatActions } from './chat_message';
import { botName, describeEvent } from './describe_event';

/** "until 10:32 AM MST" or "until a moderator unmutes you". */
function MutedComposer({ mute, id }: { mute: Mute; id: string }) {
  const { t, time } = useI18n();
  const text =
    mute.untilMs === null
      ? t(mute.reason ? 'chat.youAreMutedReason' : 'chat.youAreMuted', { by: mute.by, reason: mute.reason })
      : t(mute.reason ? 'chat.youAreMutedUntilReason' : 'chat.youAreMutedUntil', { by: mute.by, until: time(mute.untilMs), reason: mute.reason });
  return (
    <p id={id} class="notice chat-muted" data-testid="chat-muted">
      {text}
    </p>
  );
}

/** Re-renders when the next of `times` passes (a mute ends), and returns now. */
function useNowPast(times: (number | null)[]): number {
  const [now, setNow] = useState(() => Date.now());
  const next = times.filter((x): x is number => x !== null && x > now).sort((a, b) => a - b)[0];
  useEffect(() => {
    if (next === undefined) return;
    // setTimeout holds at most ~24.8 days; a week's mute is under that.
    const timer = setTimeout(() => setNow(Date.now()), Math.min(next - Date.now() + 50, 2_000_000_000));
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}

export function TimelinePanel({
  entries,
  chat,
  me,
  live,
  canSay,
  canModerate,
  busy,
  onSay,
  onAct,
}: {
  entries: TimelineEntry[];
  chat: ChatState;
  me: number | null;
  live: boolean;
  canSay: boolean;
  canModerate: boolean;
  busy: boolean;
  onSay: (text: string, replyTo: number | null) => Promise<boolean>;
  onAct: (op: string, args: Record<string, unknown>, done: string) => Promise<boolean>;
}) {
  const { t, time } = useI18n();
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const now = useNowPast(chat.muted.map((m) => m.untilMs));
  const muted = mutesInForce(chat, now);
  const mine = me === null ? null : (muted.find((m) => m.person === me) ?? null);
  const replying = replyTo === null ? null : (chat.messages[replyTo] ?? null);

  // Follow the newest entry unless the reader scrolled up to read.
  useEffect(() => {
    const el = list.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 120) el.scrollTop = el.scrollHeight;
  }, [entries.length]);

  const actions: ChatActions = {
    act: onAct,
    busy,
    reply: (m: ChatMessage) => {
      setReplyTo(m.seq);
      input.current?.focus();
    },
  };
  const context = { time };

  return (
    <section class="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.heading')}</h2>
      {entries.length === 0 ? (
        <p class="muted">{t('timeline.empty')}</p>
      ) : (
        <div ref={list} class="timeline-list" role="log" aria-live={live ? 'polite' : 'off'} aria-labelledby="timeline-title" tabIndex={0}>
          <ol>
            {entries.map((e) => {
              // L1: a redacted edit, or a message whose removal has not arrived yet: nothing to say.
              if (e.type === 'event.redacted') return null;
              const message = e.type === 'chat.message' ? chat.messages[e.seq] : undefined;
              if (message) {
                return (
                  <ChatMessageLine
                    key={e.seq}
                    message={message}
                    chat={chat}
                    me={me}
                    canReply={canSay}
                    canModerate={canModerate}
                    mutedMe={mine !== null}
                    actions={actions}
                  />
                );
              }
              const chatLine = e.type === 'chat.message';
              const bot = isBot(e.actor);
              return (
                <li
                  key={e.seq}
                  class={chatLine ? 'entry entry-chat' : bot ? 'entry entry-bot' : e.type === 'session.withheld' ? 'entry entry-record entry-withheld' : 'entry entry-record'}
                  data-seq={e.seq}
                >
                  <span class="entry-time">{e.ts === undefined ? '' : time(e.ts)}</span>
                  {chatLine && <span class="entry-who">{String(e.body.name ?? '')}</span>}
                  {bot && <span class="entry-who">{t('timeline.announcement', { bot: botName(e.actor, t) })}</span>}
                  <span class="entry-text">{describeEvent(e, t, context)}</span>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {canModerate && muted.length > 0 && (
        <div class="muted-people" data-testid="muted-people">
          <h3 id="muted-heading">{t('chat.mutedHeading')}</h3>
          <ul aria-labelledby="muted-heading">
            {muted.map((m) => (
              <li key={m.person}>
                <span>
                  {m.untilMs === null ? t('chat.mutedUntilUnmuted', { name: m.name }) : t('chat.mutedUntil', { name: m.name, until: time(m.untilMs) })}
                  {m.reason && ` ${t('chat.mutedReason', { reason: m.reason })}`}
                </span>{' '}
                <button
                  type="button"
                  class="button button-quiet"
                  disabled={busy}
                  aria-label={t('chat.unmuteLabel', { name: m.name })}
                  onClick={() => void onAct('chat.unmute', { person: m.person }, t('done.chat.unmute', { name: m.name }))}
                >
                  {t('chat.unmute')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canSay && mine && <MutedComposer mute={mine} id="chat-muted" />}
      {canSay && (
        <form
          class="chat-form"
          data-testid="chat-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim() || mine) return;
            if (await onSay(text.trim(), replying && replying.status === 'shown' ? replying.seq : null)) {
              setText('');
              setReplyTo(null);
            }
          }}
        >
          {replying && (
            <p class="chat-replying" id="chat-replying" data-testid="chat-replying">
              {replying.status === 'shown'
                ? t('chat.replyingTo', { name: replying.name, quote: firstWords(replying.text) })
                : t('chat.replyingToGone', { name: replying.name })}{' '}
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  setReplyTo(null);
                  input.current?.focus();
                }}
              >
                {t('chat.cancelReply')}
              </button>
            </p>
          )}
          <div class="chat-compose">
            <label for="chat-text" class="visually-hidden">
              {replying ? t('chat.replyField', { name: replying.name }) : t('chat.label')}
            </label>
            <input
              id="chat-text"
              ref={input}
              type="text"
              maxLength={4096}
              autocomplete="off"
              placeholder={t('chat.label')}
              value={text}
              disabled={mine !== null}
              aria-describedby={mine ? 'chat-muted' : replying ? 'chat-replying' : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && replying) {
                  e.preventDefault();
                  setReplyTo(null);
                }
              }}
            />
            <button type="submit" class="button button-primary" disabled={busy || !text.trim() || mine !== null}>
              {busy ? t('chat.sending') : t('chat.send')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
