// Chat and the record as it happens, with the bots' announcements; the box to speak in, for
// those who may.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import { isBot, type TimelineEntry } from '../../state/timeline';
import { botName, describeEvent } from './describe_event';

export function TimelinePanel({
  entries,
  live,
  canSay,
  busy,
  onSay,
}: {
  entries: TimelineEntry[];
  live: boolean;
  canSay: boolean;
  busy: boolean;
  onSay: (text: string) => Promise<boolean>;
}) {
  const { t, time } = useI18n();
  const [text, setText] = useState('');
  const list = useRef<HTMLDivElement>(null);

  // Follow the newest entry unless the reader scrolled up to read.
  useEffect(() => {
    const el = list.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 120) el.scrollTop = el.scrollHeight;
  }, [entries.length]);

  return (
    <section class="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.heading')}</h2>
      {entries.length === 0 ? (
        <p class="muted">{t('timeline.empty')}</p>
      ) : (
        <div
          ref={list}
          class="timeline-list"
          role="log"
          aria-live={live ? 'polite' : 'off'}
          aria-labelledby="timeline-title"
          tabIndex={0}
        >
          <ol>
          {entries.map((e) => {
            const chat = e.type === 'chat.message';
            const bot = isBot(e.actor);
            return (
              <li key={e.seq} class={chat ? 'entry entry-chat' : bot ? 'entry entry-bot' : e.type === 'session.withheld' ? 'entry entry-record entry-withheld' : 'entry entry-record'} data-seq={e.seq}>
                <span class="entry-time">{e.ts === undefined ? '' : time(e.ts)}</span>
                {chat && <span class="entry-who">{String(e.body.name ?? '')}</span>}
                {bot && <span class="entry-who">{t('timeline.announcement', { bot: botName(e.actor, t) })}</span>}
                <span class="entry-text">{describeEvent(e, t)}</span>
              </li>
            );
          })}
          </ol>
        </div>
      )}
      {canSay && (
        <form
          class="chat-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            if (await onSay(text.trim())) setText('');
          }}
        >
          <label for="chat-text" class="visually-hidden">
            {t('chat.label')}
          </label>
          <input
            id="chat-text"
            type="text"
            maxLength={4096}
            autocomplete="off"
            placeholder={t('chat.label')}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit" class="button button-primary" disabled={busy || !text.trim()}>
            {busy ? t('chat.sending') : t('chat.send')}
          </button>
        </form>
      )}
    </section>
  );
}
