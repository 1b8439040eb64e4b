// The quorum bar ("6 of 9 present — quorum"), who is present, and the person's own attendance.

import { useI18n } from '../../i18n/i18n';
import { quorumBar, type QuorumState } from '../../state/quorum';

export interface AttendanceControls {
  markPresent: boolean;
  markAbsent: boolean;
  callRoll: boolean;
  departedOnDrop: boolean;
  busy: string | null;
  onPresent: () => void;
  onAbsent: () => void;
  onCallRoll: () => void;
}

export function QuorumBarView({ quorum }: { quorum: QuorumState }) {
  const { t } = useI18n();
  const bar = quorumBar(quorum);
  const text =
    bar.members === null
      ? t('quorum.bar.unknown', { counted: bar.counted })
      : bar.hasQuorum
        ? t('quorum.bar.with', { counted: bar.counted, members: bar.members })
        : t('quorum.bar.without', { counted: bar.counted, members: bar.members, required: bar.required ?? 0 });
  const segments = bar.members ?? Math.max(bar.counted, 1);
  return (
    <div class={`quorum-bar ${bar.hasQuorum ? 'has-quorum' : 'no-quorum'}`} data-testid="quorum-bar">
      <p class="quorum-text">
        <span class="quorum-badge" aria-hidden="true">
          {bar.hasQuorum ? '✓' : '!'}
        </span>
        {text}
      </p>
      <div class="quorum-seats" aria-hidden="true">
        {Array.from({ length: segments }, (_, i) => (
          <span
            key={i}
            class={`seat ${i < bar.counted ? 'seat-present' : ''} ${bar.required !== null && i === bar.required - 1 ? 'seat-threshold' : ''}`}
          />
        ))}
      </div>
    </div>
  );
}

export function QuorumPanel({ quorum, me, controls }: { quorum: QuorumState; me: number | null; controls: AttendanceControls }) {
  const { t, time } = useI18n();
  return (
    <section class="panel" aria-labelledby="quorum-title">
      <h2 id="quorum-title">{t('quorum.heading')}</h2>
      <QuorumBarView quorum={quorum} />
      {controls.departedOnDrop && (
        <p class="notice" role="status">
          {t('presence.departedOnDrop')}
        </p>
      )}
      {(controls.markPresent || controls.markAbsent || controls.callRoll) && (
        <div class="button-row">
          {controls.markPresent && (
            <button type="button" class="button button-primary" disabled={controls.busy !== null} onClick={controls.onPresent}>
              {t('presence.markPresent')}
            </button>
          )}
          {controls.markAbsent && (
            <button type="button" class="button" disabled={controls.busy !== null} onClick={controls.onAbsent}>
              {t('presence.markAbsent')}
            </button>
          )}
          {controls.callRoll && (
            <button type="button" class="button" disabled={controls.busy !== null} onClick={controls.onCallRoll}>
              {t('presence.callRoll')}
            </button>
          )}
        </div>
      )}
      <h3 id="present-title">{t('presence.heading')}</h3>
      {quorum.present.length === 0 ? (
        <p class="muted">{t('presence.none')}</p>
      ) : (
        <ul class="presence-list" aria-labelledby="present-title">
          {quorum.present.map((p) => (
            <li key={p.person} class={p.counts ? '' : 'not-counted'}>
              <span class="presence-name">
                {p.name} {p.person === me && <span class="muted">{t('presence.you')}</span>}
              </span>
              <span class="presence-meta">
                {t(p.mode === 'in_person' ? 'presence.in_person' : 'presence.remote')} · {time(p.sinceMs)}
                {!p.counts && ` · ${t('presence.notCounted')}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
