// The quorum bar ("6 of 9 present — quorum"), who is present, and the person's own attendance;
// for those who record attendance (Q1: the clerk, the chair, the vice chair), a button by each
// member to mark them present or absent.

import { useI18n } from '../../i18n/i18n';
import { absentMembers, quorumBar, type QuorumState, type RosterMember } from '../../state/quorum';

export interface AttendanceControls {
  markPresent: boolean;
  markAbsent: boolean;
  callRoll: boolean;
  departedOnDrop: boolean;
  busy: string | null;
  onPresent: () => void;
  onAbsent: () => void;
  onCallRoll: () => void;
  /** Q1: mark others present or absent (record_attendance). */
  recordAttendance?: boolean;
  onMarkPresent?: (member: RosterMember) => void;
  onMarkAbsent?: (member: RosterMember) => void;
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
  const marking = !!controls.recordAttendance;
  const notPresent = absentMembers(quorum).filter((m) => m.person !== me);
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
              {marking && p.person !== me && controls.onMarkAbsent && (
                <button
                  type="button"
                  class="button button-quiet presence-mark"
                  aria-label={t('presence.markOtherAbsentName', { name: p.name })}
                  disabled={controls.busy !== null}
                  onClick={() => controls.onMarkAbsent!({ person: p.person, name: p.name })}
                >
                  {t('presence.markOtherAbsent')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {marking && (
        <>
          <h3 id="not-present-title">{t('presence.notPresentHeading')}</h3>
          {quorum.roster === null ? (
            <p class="muted" data-testid="roster-unknown">
              {t('presence.rosterUnknown')}
            </p>
          ) : notPresent.length === 0 ? (
            <p class="muted">{t('presence.allPresent')}</p>
          ) : (
            <ul class="presence-list" aria-labelledby="not-present-title" data-testid="not-present">
              {notPresent.map((m) => (
                <li key={m.person}>
                  <span class="presence-name">{m.name}</span>
                  {controls.onMarkPresent && (
                    <button
                      type="button"
                      class="button button-quiet presence-mark"
                      aria-label={t('presence.markOtherPresentName', { name: m.name })}
                      disabled={controls.busy !== null}
                      onClick={() => controls.onMarkPresent!(m)}
                    >
                      {t('presence.markOtherPresent')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
