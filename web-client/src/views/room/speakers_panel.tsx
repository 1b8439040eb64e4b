// The speaker queue (P1-P3): who has the floor and the time they have left, who asked to speak,
// in order; a member asks for the floor, withdraws the request or yields; the chair recognizes the
// next (or another in the queue), ends a turn and sets the time per speaker. A point of order
// stops the speaker's clock, and the panel says so. The countdown is a timer (not read aloud each
// second); who has the floor is announced when it changes.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import type { Controls } from '../../state/capabilities';
import { timeLeftMs, type SpeakersState } from '../../state/speakers';

export interface SpeakersActions {
  busy: string | null;
  request: () => void;
  withdraw: () => void;
  yieldFloor: () => void;
  recognize: (person: number | null, name: string) => void;
  end: () => void;
  setLimit: (minutes: number) => void;
}

/** "2:05": minutes and seconds, rounded up so that 0:00 means the time is up. */
export function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The time now, again every second while a limited turn runs. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

export function SpeakersPanel({ speakers, controls, actions }: { speakers: SpeakersState; controls: Controls; actions: SpeakersActions }) {
  const { t } = useI18n();
  const floor = speakers.floor;
  const now = useNow(!!floor && floor.untilMs > 0 && floor.pausedLeftMs === 0);
  const left = floor ? timeLeftMs(floor, now) : null;
  const [minutes, setMinutes] = useState(String(speakers.limitMinutes || ''));
  const busy = actions.busy !== null;
  return (
    <section class="panel speakers" aria-labelledby="speakers-title" data-testid="speakers">
      <h2 id="speakers-title">{t('speakers.heading')}</h2>
      <p aria-live="polite" data-testid="speakers-floor">
        {floor ? t('speakers.hasFloor', { name: floor.name }) : t('speakers.nobody')}
      </p>
      {floor && left !== null && (
        <p>
          {t('speakers.timeLeft')}{' '}
          <span role="timer" data-testid="speakers-time-left">
            {clock(left)}
          </span>
          {floor.pausedLeftMs > 0 && <> · {t('speakers.paused')}</>}
        </p>
      )}
      {speakers.pointPending && !floor && <p>{t('speakers.pointPending')}</p>}
      {speakers.limitMinutes > 0 && <p class="muted">{t('speakers.limit', { minutes: speakers.limitMinutes })}</p>}
      <h3>{t('speakers.queue')}</h3>
      {speakers.queue.length === 0 ? (
        <p class="muted">{t('speakers.queueEmpty')}</p>
      ) : (
        <ol class="speakers-queue" data-testid="speakers-queue">
          {speakers.queue.map((r, i) => (
            <li key={r.person}>
              {r.name}
              {controls.recognize && i > 0 && (
                <>
                  {' '}
                  <button type="button" class="link-button" disabled={busy} onClick={() => actions.recognize(r.person, r.name)}>
                    {t('speakers.recognizeThis', { name: r.name })}
                  </button>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <div class="actions">
        {controls.requestFloor && (
          <button type="button" disabled={busy} onClick={actions.request}>
            {t('speakers.request')}
          </button>
        )}
        {controls.withdrawRequest && (
          <button type="button" disabled={busy} onClick={actions.withdraw}>
            {t('speakers.withdraw')}
          </button>
        )}
        {controls.yieldFloor && (
          <button type="button" disabled={busy} onClick={actions.yieldFloor}>
            {t('speakers.yield')}
          </button>
        )}
        {controls.recognize && (
          <button type="button" disabled={busy} onClick={() => actions.recognize(null, speakers.queue[0]!.name)}>
            {t('speakers.recognizeNext', { name: speakers.queue[0]!.name })}
          </button>
        )}
        {controls.endTurn && (
          <button type="button" disabled={busy} onClick={actions.end}>
            {t('speakers.end')}
          </button>
        )}
      </div>
      {controls.setSpeakerLimit && (
        <form
          class="speakers-limit"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(minutes || '0');
            if (Number.isInteger(n) && n >= 0 && n <= 120) actions.setLimit(n);
          }}
        >
          <label>
            {t('speakers.limitLabel')}{' '}
            <input type="number" min={0} max={120} step={1} inputMode="numeric" value={minutes} onInput={(e) => setMinutes((e.target as HTMLInputElement).value)} />
          </label>{' '}
          <button type="submit" disabled={busy}>
            {t('speakers.setLimit')}
          </button>
        </form>
      )}
    </section>
  );
}
