// The quorum bar ("6 of 9 present — quorum"), who is present, and the person's own attendance;
// for those who record attendance (Q1: the clerk, the chair, the vice chair), a button by each
// member to mark them present or absent, and (B7) forms to record a designee sitting for an absent
// member and to note a proxy. Designees are shown in the present list by the member's name; proxies
// are listed apart: they are never counted and never vote.

import { useState } from 'preact/hooks';
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
  /** B7: record a designee for an absent member (`quorum.designee`). */
  onDesignee?: (member: RosterMember, name: string) => Promise<boolean>;
  /** B7: note a proxy for an absent member (`quorum.proxy`). */
  onProxy?: (member: RosterMember, holder: string) => Promise<boolean>;
}

/** One of the two B7 forms: a member not present, and a name (the designee's or the proxy holder's). */
function RepresentationForm({
  id,
  heading,
  hint,
  nameLabel,
  submit,
  members,
  busy,
  onSubmit,
}: {
  id: string;
  heading: string;
  hint: string;
  nameLabel: string;
  submit: string;
  members: RosterMember[];
  busy: boolean;
  onSubmit: (member: RosterMember, name: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  // "0": none chosen (a non-empty value, so the select shows it again after a member leaves the list).
  const [member, setMember] = useState('0');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState(false);
  const chosen = members.find((m) => String(m.person) === member) ?? null;
  return (
    <form
      class="representation-form"
      aria-labelledby={`${id}-title`}
      data-testid={`${id}-form`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!chosen || !name.trim()) {
          setProblem(true);
          return;
        }
        setProblem(false);
        if (await onSubmit(chosen, name.trim())) {
          setMember('0');
          setName('');
        }
      }}
    >
      <h4 id={`${id}-title`}>{heading}</h4>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div class="field">
        <label for={`${id}-member`}>{t('representation.member')}</label>
        <select
          id={`${id}-member`}
          value={member}
          aria-invalid={problem && !chosen ? 'true' : undefined}
          onChange={(e) => setMember((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="0">{t('representation.choose')}</option>
          {members.map((m) => (
            <option key={m.person} value={String(m.person)}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-name`}>{nameLabel}</label>
        <input
          id={`${id}-name`}
          type="text"
          maxLength={200}
          value={name}
          aria-invalid={problem && !name.trim() ? 'true' : undefined}
          aria-describedby={`${id}-hint`}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      {problem && (
        <p class="field-error" role="alert">
          {t('representation.problem')}
        </p>
      )}
      <button type="submit" class="button" disabled={busy}>
        {submit}
      </button>
    </form>
  );
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
                {p.designee ? t('presence.designeeFor', { name: p.name, designee: p.designee.name }) : p.name}{' '}
                {p.person === me && <span class="muted">{t('presence.you')}</span>}
              </span>
              <span class="presence-meta">
                {t(p.mode === 'in_person' ? 'presence.in_person' : p.mode === 'designee' ? 'presence.designee' : 'presence.remote')} · {time(p.sinceMs)}
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
      {quorum.proxies.length > 0 && (
        <>
          <h3 id="proxies-title">{t('presence.proxies')}</h3>
          <ul class="presence-list" aria-labelledby="proxies-title" data-testid="proxies">
            {quorum.proxies.map((x) => (
              <li key={x.member}>{t('presence.proxy', { member: x.memberName, holder: x.holder })}</li>
            ))}
          </ul>
        </>
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
          {notPresent.length > 0 && (controls.onDesignee || controls.onProxy) && (
            <details class="representation" data-testid="representation">
              <summary>{t('representation.heading')}</summary>
              {controls.onDesignee && (
                <RepresentationForm
                  id="designee"
                  heading={t('designee.heading')}
                  hint={t('designee.hint')}
                  nameLabel={t('designee.name')}
                  submit={t('designee.submit')}
                  members={notPresent}
                  busy={controls.busy !== null}
                  onSubmit={controls.onDesignee}
                />
              )}
              {controls.onProxy && (
                <RepresentationForm
                  id="proxy"
                  heading={t('proxy.heading')}
                  hint={t('proxy.hint')}
                  nameLabel={t('proxy.holder')}
                  submit={t('proxy.submit')}
                  members={notPresent.filter((m) => !quorum.proxies.some((x) => x.member === m.person))}
                  busy={controls.busy !== null}
                  onSubmit={controls.onProxy}
                />
              )}
            </details>
          )}
        </>
      )}
    </section>
  );
}
