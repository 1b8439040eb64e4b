// The motion on the floor: its wording, who moved and seconded it, the step it is at, the live
// tally, and the buttons a member may use now (second, vote, move, amend). A suspended vote (Q3)
// and a previous question ordered (M4) are said on the motion; a voting member not recorded
// present is told how to be (Q1, M2).

import { useState } from 'preact/hooks';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { Controls } from '../../state/capabilities';
import { approvalChoices, approveMotionArgs, minutesTitle, type MinutesIndex } from '../../state/minutes';
import { onTheFloor, voteOf, type Choice, type Motion, type MotionsState } from '../../state/motions';
import { choiceName, kindName, suspendReason } from './describe_event';
import { zonedFormat } from './zoned_time';

export interface FloorActions {
  busy: string | null;
  move: (kind: 'main' | 'amend' | 'amend_secondary', text: string) => Promise<boolean>;
  /** R3: a motion to approve (or correct) minutes. */
  approveMinutes: (args: { kind: 'approve_minutes'; minutes: number; corrections?: string }) => Promise<boolean>;
  second: () => void;
  vote: (choice: Choice) => void;
}

function stepText(m: Motion, t: Translate): string {
  if (m.suspended && m.step === 'stated') return t('motion.step.suspended');
  if (m.step === 'made') return t(m.secondRequired ? 'motion.step.made' : 'motion.step.madeNoSecond');
  return t(`motion.step.${m.step}`);
}

function thresholdText(threshold: string, t: Translate): string {
  const key = `threshold.${threshold}` as const;
  return t(key as 'threshold.majority_of_votes_cast');
}

function Tally({ motion }: { motion: Motion }) {
  const { t } = useI18n();
  const { aye, nay, abstain } = motion.tally;
  const total = Math.max(1, aye + nay + abstain);
  return (
    <section class="tally" aria-labelledby={`tally-${motion.number}`}>
      <h3 id={`tally-${motion.number}`}>{t('tally.heading')}</h3>
      <p class="tally-line" data-testid="tally">
        {t('tally.line', { aye, nay, abstain })}
      </p>
      <div class="tally-bars" aria-hidden="true">
        <span class="tally-aye" style={{ flexGrow: aye / total }} />
        <span class="tally-nay" style={{ flexGrow: nay / total }} />
        <span class="tally-abstain" style={{ flexGrow: abstain / total }} />
      </div>
      {motion.votes.length === 0 ? (
        // Votes counted but not listed: cast before this client joined (the view counts them only).
        aye + nay + abstain === 0 && <p class="muted">{t('tally.noVotes')}</p>
      ) : (
        <>
          <h4 class="visually-hidden">{t('tally.voters')}</h4>
          <ul class="vote-list">
            {motion.votes.map((v) => (
              <li key={v.person}>
                <span>{v.name}</span> <span class={`choice choice-${v.choice}`}>{choiceName(v.choice, t)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function VoteButtons({ motion, me, actions }: { motion: Motion; me: number | null; actions: FloorActions }) {
  const { t } = useI18n();
  const mine = me === null ? null : voteOf(motion, me);
  const choices: Choice[] = ['aye', 'nay', 'abstain'];
  return (
    <fieldset class="vote-buttons">
      <legend>{t('vote.legend', { number: motion.number })}</legend>
      <div class="button-row">
        {choices.map((c) => (
          <button
            key={c}
            type="button"
            class={`button vote vote-${c}`}
            aria-pressed={mine === c}
            disabled={actions.busy !== null}
            onClick={() => actions.vote(c)}
          >
            <span class="visually-hidden">{t('vote.srBefore')} </span>
            {t(`vote.${c}`)}
            <span class="visually-hidden"> {t('vote.srAfter', { number: motion.number, text: motion.text })}</span>
          </button>
        ))}
      </div>
      {mine && <p class="muted">{t('vote.yours', { choice: choiceName(mine, t) })}</p>}
    </fieldset>
  );
}

function MotionForm({
  id,
  heading,
  label,
  submit,
  busy,
  onSubmit,
}: {
  id: string;
  heading: string;
  label: string;
  submit: string;
  busy: boolean;
  onSubmit: (text: string) => Promise<boolean>;
}) {
  const [text, setText] = useState('');
  return (
    <form
      class="motion-form"
      aria-labelledby={`${id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        if (await onSubmit(text.trim())) setText('');
      }}
    >
      <h3 id={`${id}-title`}>{heading}</h3>
      <div class="field">
        <label for={id}>{label}</label>
        <textarea id={id} rows={2} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button button-primary" disabled={busy || !text.trim()}>
        {submit}
      </button>
    </form>
  );
}

/** R3: the minutes of an adjourned meeting, approved by motion; official ones only corrected. */
function ApproveMinutesForm({
  minutes,
  busy,
  onMove,
  bodyName,
}: {
  minutes: MinutesIndex;
  busy: boolean;
  onMove: FloorActions['approveMinutes'];
  bodyName: string;
}) {
  const { t, language } = useI18n();
  const day = zonedFormat(language, '').day;
  const choices = approvalChoices(minutes);
  const [number, setNumber] = useState<number | null>(null);
  const [corrections, setCorrections] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = choices.find((c) => c.entry.number === number) ?? choices[0];
  const needs = chosen?.needsCorrections ?? false;
  return (
    <form
      class="motion-form"
      aria-labelledby="approve-minutes-title"
      data-testid="approve-minutes-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = approveMotionArgs(chosen, corrections);
        if (!r.ok) {
          setProblem(t(r.reason === 'needs_corrections' ? 'approve.needsCorrections' : 'approve.choose'));
          return;
        }
        setProblem(null);
        if (await onMove(r.args)) setCorrections('');
      }}
    >
      <h3 id="approve-minutes-title">{t('approve.heading')}</h3>
      <div class="field">
        <label for="approve-minutes-which">{t('approve.which')}</label>
        <select
          id="approve-minutes-which"
          value={chosen ? String(chosen.entry.number) : ''}
          onChange={(e) => {
            setNumber(Number((e.currentTarget as HTMLSelectElement).value));
            setProblem(null);
          }}
        >
          {choices.map((c) => (
            <option key={c.entry.number} value={String(c.entry.number)}>
              {t(c.needsCorrections ? 'approve.option.official' : 'approve.option.draft', {
                number: c.entry.number,
                title: minutesTitle(c.entry, bodyName, t) ? ` — ${minutesTitle(c.entry, bodyName, t)}` : '',
                date: day(c.entry.date),
                version: c.entry.version,
              })}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="approve-minutes-corrections">{t(needs ? 'approve.correctionsRequired' : 'approve.corrections')}</label>
        <textarea
          id="approve-minutes-corrections"
          rows={2}
          required={needs}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'approve-minutes-problem' : undefined}
          value={corrections}
          onInput={(e) => setCorrections(e.currentTarget.value)}
        />
        {problem && (
          <p id="approve-minutes-problem" class="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <button type="submit" class="button button-primary" disabled={busy || !chosen}>
        {t(needs ? 'approve.submitCorrect' : 'approve.submit')}
      </button>
    </form>
  );
}

export function FloorPanel({
  motions,
  controls,
  me,
  actions,
  minutes,
  bodyName = '',
}: {
  motions: MotionsState;
  controls: Controls;
  me: number | null;
  actions: FloorActions;
  minutes: MinutesIndex;
  /** The body's name, for the titles Collegial gives meetings (the minutes to approve). */
  bodyName?: string;
}) {
  const { t } = useI18n();
  const floor = onTheFloor(motions);
  const below = motions.pending.slice(0, -1).reverse();
  return (
    <section class="panel floor" aria-labelledby="floor-title">
      <h2 id="floor-title">{t('floor.heading')}</h2>
      {!floor ? (
        <p class="muted">{t('floor.none')}</p>
      ) : (
        <article class={`motion step-${floor.step}`} aria-labelledby="floor-motion-title">
          <header class="motion-header">
            <h3 id="floor-motion-title">
              {t('motion.title', { number: floor.number })} · {kindName(floor.kind, t)}
            </h3>
            <span class={`step-badge step-badge-${floor.step}`}>{stepText(floor, t)}</span>
          </header>
          {floor.text && <blockquote class="motion-text">{floor.text}</blockquote>}
          {floor.suspended && (
            <p class="notice notice-warn vote-suspended" data-testid="vote-suspended">
              {t('motion.suspended', { reason: suspendReason(floor.suspended.reason, t) })}
            </p>
          )}
          {floor.questionOrdered && (
            <p class="notice question-ordered" data-testid="question-ordered">
              {t('motion.questionOrdered')}
            </p>
          )}
          <ul class="motion-facts">
            <li>{t('motion.movedBy', { name: floor.moverName })}</li>
            {floor.seconderName && <li>{t('motion.secondedBy', { name: floor.seconderName })}</li>}
            {floor.amends > 0 && <li>{t('motion.amends', { number: floor.amends })}</li>}
            <li>{t('motion.threshold', { threshold: thresholdText(floor.threshold, t) })}</li>
          </ul>
          {controls.second && (
            <div class="button-row">
              <button type="button" class="button button-primary" disabled={actions.busy !== null} onClick={actions.second}>
                {t('second.button', { number: floor.number })}
              </button>
            </div>
          )}
          {controls.vote && <VoteButtons motion={floor} me={me} actions={actions} />}
          {(floor.step === 'voting' || floor.votes.length > 0) && <Tally motion={floor} />}
        </article>
      )}
      {below.length > 0 && (
        <>
          <h3>{t('floor.pendingBelow')}</h3>
          <ul class="pending-list">
            {below.map((m) => (
              <li key={m.number}>
                {t('motion.title', { number: m.number })} · {kindName(m.kind, t)}: {m.text}
                {m.questionOrdered && <span class="muted"> · {t('motion.questionOrdered')}</span>}
                {m.suspended && <span class="muted"> · {t('motion.suspended', { reason: suspendReason(m.suspended.reason, t) })}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {controls.needPresence && (
        <p class="notice" data-testid="presence-needed">
          {t('presence.needed')}
        </p>
      )}
      {controls.amend && floor && (
        <MotionForm
          id="amend-text"
          heading={t('amend.heading')}
          label={t('amend.text', { number: floor.number })}
          submit={t('amend.submit')}
          busy={actions.busy !== null}
          onSubmit={(text) => actions.move(controls.amend!, text)}
        />
      )}
      {controls.move && (
        <MotionForm
          id="motion-text"
          heading={t('move.heading')}
          label={t('move.text')}
          submit={t('move.submit')}
          busy={actions.busy !== null}
          onSubmit={(text) => actions.move('main', text)}
        />
      )}
      {controls.approveMinutes && <ApproveMinutesForm minutes={minutes} busy={actions.busy !== null} onMove={actions.approveMinutes} bodyName={bodyName} />}
    </section>
  );
}
