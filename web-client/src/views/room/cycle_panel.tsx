// The professional-development cycle (L3): train the experts → regional training → observe
// implementation → coach for capacity → report further training needs to the state. Everyone
// who may join the room sees the initiatives, how far each has come and the step it expects
// next. Those who run the cycle (schedule_webinar, in a room that is not public) start
// initiatives, record each step (date, people, notes; a regional training's webinar; the report's
// further training needs), read the report with names on screen (`read`, plugin `cycle`, format
// json, read again after every `cycle.*` event) and download it as CSV (format csv). The server
// decides the order: a step out of order is refused (`out_of_order`) and its refusal shown in words.

import { useEffect, useState } from 'preact/hooks';
import { describeError, type ErrorText } from '../../i18n/errors';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import type { Ack } from '../../protocol/messages';
import {
  STEPS,
  csvFileName,
  csvOf,
  cycleReportOf,
  mayRecord,
  nextStep,
  recordArgs,
  startArgs,
  type CycleReport,
  type CycleState,
  type Initiative,
  type RecordForm,
  type RecordProblem,
  type Step,
} from '../../state/cycle';
import type { Webinar } from '../../state/webinar';
import { ErrorBox } from '../error_box';
import { FeedbackLine, useActionRunner, type ActionRunner } from '../feedback';
import { zonedFormat } from './zoned_time';

type Act = (op: string, args: Record<string, unknown>) => Promise<Ack>;
type Read = (plugin: string, query: Record<string, unknown>) => Promise<Ack>;

export function stepName(step: Step, t: Translate): string {
  return t(`cycle.step.${step}` as MessageKey);
}

/** Today's date ("2026-10-01") in the body's zone. */
export function todayIn(zone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** "Next step: Regional training", or that the cycle is complete. */
export function nextStepText(steps: Record<Step, number>, t: Translate): string {
  const next = nextStep(steps);
  return next ? t('cycle.next', { step: stepName(next, t) }) : t('cycle.complete');
}

function StartInitiativeForm({ runner, act, region }: { runner: ActionRunner; act: Act; region: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ title: '', region: '', notes: '' });
  const [problem, setProblem] = useState(false);
  return (
    <form
      class="panel cycle-start"
      aria-labelledby="cycle-start-heading"
      data-testid="cycle-start"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = startArgs(form);
        if (!r.ok) return setProblem(true);
        setProblem(false);
        if (await runner.run('cycle.start', () => act('cycle.start', r.args), t('done.cycle.start', { title: form.title.trim() }))) {
          setForm({ title: '', region: '', notes: '' });
        }
      }}
    >
      <h3 id="cycle-start-heading">{t('cycle.startHeading')}</h3>
      <div class="form-grid">
        <div class="field field-wide">
          <label for="cycle-title">{t('cycle.title')}</label>
          <input
            id="cycle-title"
            type="text"
            maxLength={200}
            value={form.title}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'cycle-title-problem' : undefined}
            onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
          />
          {problem && (
            <p id="cycle-title-problem" class="field-error">
              {t('cycle.problem.title')}
            </p>
          )}
        </div>
        <div class="field">
          <label for="cycle-region">{t('cycle.region')}</label>
          <input id="cycle-region" type="text" maxLength={200} value={form.region} aria-describedby="cycle-region-hint" onInput={(e) => setForm({ ...form, region: e.currentTarget.value })} />
          <p id="cycle-region-hint" class="hint">
            {t('cycle.regionHint', { region })}
          </p>
        </div>
        <div class="field field-wide">
          <label for="cycle-notes">{t('cycle.notes')}</label>
          <textarea id="cycle-notes" rows={2} maxLength={4000} value={form.notes} onInput={(e) => setForm({ ...form, notes: e.currentTarget.value })} />
        </div>
      </div>
      <button type="submit" class="button button-primary" disabled={runner.busy !== null}>
        {t('cycle.start')}
      </button>
    </form>
  );
}

function RecordStepForm({ initiative, zone, webinars, act }: { initiative: Initiative; zone: string; webinars: Webinar[]; act: Act }) {
  const { t } = useI18n();
  const runner = useActionRunner();
  const n = initiative.initiative;
  const empty = (): RecordForm => ({ step: nextStep(initiative.steps) ?? 'report', date: todayIn(zone), people: '', notes: '', webinar: '', needs: '' });
  const [form, setForm] = useState<RecordForm>(empty);
  const [problems, setProblems] = useState<RecordProblem[]>([]);
  const set = (patch: Partial<RecordForm>) => setForm((f) => ({ ...f, ...patch }));
  const id = (k: string) => `cycle-${n}-${k}`;
  const invalid = (p: RecordProblem) => (problems.includes(p) ? 'true' : undefined);
  const described = (p: RecordProblem, hint?: string) => [hint, problems.includes(p) ? id(`${p}-problem`) : undefined].filter(Boolean).join(' ') || undefined;
  const open = webinars.filter((w) => !w.cancelled);
  return (
    <form
      class="cycle-record"
      aria-labelledby={id('record-heading')}
      data-testid={`cycle-record-${n}`}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = recordArgs(n, form);
        if (!r.ok) return setProblems(r.problems);
        setProblems([]);
        const done = t('done.cycle.record', { step: stepName(form.step, t), title: initiative.title });
        if (await runner.run('cycle.record', () => act('cycle.record', r.args), done)) {
          const steps = { ...initiative.steps, [form.step]: initiative.steps[form.step] + 1 };
          setForm({ ...empty(), step: nextStep(steps) ?? 'report' });
        }
      }}
    >
      <h4 id={id('record-heading')}>{t('cycle.recordHeading', { title: initiative.title })}</h4>
      <FeedbackLine outcome={runner.outcome} onDismiss={runner.clear} />
      <div class="form-grid">
        <div class="field">
          <label for={id('step')}>{t('cycle.step')}</label>
          <select id={id('step')} value={form.step} aria-describedby={id('step-hint')} onChange={(e) => set({ step: e.currentTarget.value as Step })}>
            {STEPS.map((s, i) => (
              <option key={s} value={s}>
                {mayRecord(initiative.steps, s) ? t('cycle.stepOption', { n: i + 1, step: stepName(s, t) }) : t('cycle.stepOptionLater', { n: i + 1, step: stepName(s, t) })}
              </option>
            ))}
          </select>
          <p id={id('step-hint')} class="hint">
            {nextStepText(initiative.steps, t)}
          </p>
        </div>
        <div class="field">
          <label for={id('date')}>{t('cycle.date')}</label>
          <input id={id('date')} type="date" value={form.date} aria-invalid={invalid('date')} aria-describedby={described('date')} onInput={(e) => set({ date: e.currentTarget.value })} />
          {problems.includes('date') && (
            <p id={id('date-problem')} class="field-error">
              {t('cycle.problem.date')}
            </p>
          )}
        </div>
        <div class="field field-wide">
          <label for={id('people')}>{t('cycle.people')}</label>
          <textarea
            id={id('people')}
            rows={3}
            value={form.people}
            aria-invalid={invalid('people')}
            aria-describedby={described('people', id('people-hint'))}
            onInput={(e) => set({ people: e.currentTarget.value })}
          />
          <p id={id('people-hint')} class="hint">
            {t('cycle.peopleHint')}
          </p>
          {problems.includes('people') && (
            <p id={id('people-problem')} class="field-error">
              {t('cycle.problem.people')}
            </p>
          )}
        </div>
        {form.step === 'regional_training' && (
          <div class="field field-wide">
            <label for={id('webinar')}>{t('cycle.webinar')}</label>
            <select id={id('webinar')} value={form.webinar} onChange={(e) => set({ webinar: e.currentTarget.value })}>
              <option value="">{t('cycle.webinarNone')}</option>
              {open.map((w) => (
                <option key={w.webinar} value={String(w.webinar)}>
                  {t('cycle.webinarOption', { webinar: w.webinar, title: w.title })}
                </option>
              ))}
            </select>
          </div>
        )}
        {form.step === 'report' && (
          <div class="field field-wide">
            <label for={id('needs')}>{t('cycle.needs')}</label>
            <textarea
              id={id('needs')}
              rows={3}
              value={form.needs}
              aria-invalid={invalid('needs')}
              aria-describedby={described('needs', id('needs-hint'))}
              onInput={(e) => set({ needs: e.currentTarget.value })}
            />
            <p id={id('needs-hint')} class="hint">
              {t('cycle.needsHint')}
            </p>
            {problems.includes('needs') && (
              <p id={id('needs-problem')} class="field-error">
                {t('cycle.problem.needs')}
              </p>
            )}
          </div>
        )}
        <div class="field field-wide">
          <label for={id('notes')}>{t('cycle.notes')}</label>
          <textarea id={id('notes')} rows={2} maxLength={4000} value={form.notes} onInput={(e) => set({ notes: e.currentTarget.value })} />
        </div>
      </div>
      <button type="submit" class="button button-primary" disabled={runner.busy !== null}>
        {t('cycle.record', { step: stepName(form.step, t) })}
      </button>
    </form>
  );
}

/** The report on screen: each step with its entries, by name. */
function ReportView({ report, webinars, zone }: { report: CycleReport; webinars: Webinar[]; zone: string }) {
  const { t, language } = useI18n();
  const fmt = zonedFormat(language, zone);
  const n = report.initiative;
  return (
    <section class="cycle-report" aria-labelledby={`cycle-${n}-report`} data-testid={`cycle-report-${n}`}>
      <h4 id={`cycle-${n}-report`}>{t('cycle.reportHeading')}</h4>
      {report.notes && <p class="cycle-notes">{t('cycle.startNotes', { notes: report.notes })}</p>}
      <ol class="cycle-report-steps">
        {report.steps.map((s) => (
          <li key={s.step}>
            <h5>{stepName(s.step, t)}</h5>
            {s.entries.length === 0 ? (
              <p class="muted">{t('cycle.noEntries')}</p>
            ) : (
              <ul>
                {s.entries.map((e) => {
                  const w = e.webinar !== null ? webinars.find((x) => x.webinar === e.webinar) : undefined;
                  return (
                    <li key={e.entry}>
                      <p>
                        <strong>{fmt.day(e.date)}</strong> · {t('cycle.entryPeople', { people: e.people.join(', ') })}
                      </p>
                      {e.webinar !== null && <p>{t('cycle.entryWebinar', { webinar: e.webinar, title: w?.title ?? '' })}</p>}
                      {e.needs.length > 0 && <p>{t('cycle.entryNeeds', { needs: e.needs.join('; ') })}</p>}
                      {e.notes && <p class="cycle-notes">{e.notes}</p>}
                      <p class="muted">{t('cycle.entryBy', { by: e.by, time: fmt.dateTime(e.recordedMs) })}</p>
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function InitiativeCard({
  room,
  initiative,
  canRun,
  changedAt,
  zone,
  webinars,
  connected,
  act,
  read,
}: {
  room: string;
  initiative: Initiative;
  canRun: boolean;
  changedAt: number;
  zone: string;
  webinars: Webinar[];
  connected: boolean;
  act: Act;
  read: Read;
}) {
  const { t, language } = useI18n();
  const fmt = zonedFormat(language, zone);
  const i = initiative;
  const [report, setReport] = useState<CycleReport | null>(null);
  const [readError, setReadError] = useState<ErrorText | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [downloaded, setDownloaded] = useState('');

  // Those who run the cycle read the report, again after every cycle event.
  useEffect(() => {
    if (!canRun || !connected) return;
    let live = true;
    read('cycle', { initiative: i.initiative, format: 'json' }).then(
      (ack) => live && (setReport(cycleReportOf(ack.result)), setReadError(null)),
      (e: unknown) => live && setReadError(describeError(e, t)),
    );
    return () => {
      live = false;
    };
  }, [canRun, connected, changedAt, i.initiative]);

  const download = async () => {
    setDownloading(true);
    setDownloaded('');
    try {
      const ack = await read('cycle', { initiative: i.initiative, format: 'csv' });
      const csv = csvOf(ack.result);
      if (csv === null) throw new Error('no csv');
      const name = csvFileName(room, i.initiative);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setReadError(null);
      setDownloaded(t('cycle.downloaded', { file: name }));
    } catch (e) {
      setReadError(describeError(e, t));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <li class="panel cycle-card" data-testid={`initiative-${i.initiative}`}>
      <h3 id={`initiative-${i.initiative}-title`}>{t('cycle.initiativeTitle', { initiative: i.initiative, title: i.title })}</h3>
      <p class="webinar-meta">
        <span>{t('cycle.regionLine', { region: i.region })}</span>
        {i.startedMs > 0 && <span>{t('cycle.startedLine', { by: i.by, time: fmt.dateTime(i.startedMs) })}</span>}
      </p>
      <ol class="cycle-steps" aria-label={t('cycle.stepsLabel', { title: i.title })}>
        {STEPS.map((s) => {
          const count = i.steps[s];
          const next = nextStep(i.steps) === s;
          return (
            <li key={s} class={count > 0 ? 'cycle-step cycle-step-done' : next ? 'cycle-step cycle-step-next' : 'cycle-step'} aria-current={next ? 'step' : undefined}>
              <span class="cycle-step-name">{stepName(s, t)}</span>{' '}
              <span class="cycle-step-count">{count === 0 ? t('cycle.notYet') : t('cycle.entries', { count })}</span>
            </li>
          );
        })}
      </ol>
      <p class="cycle-next" data-testid={`cycle-next-${i.initiative}`}>
        {nextStepText(i.steps, t)}
      </p>
      {canRun && (
        <>
          <div class="button-row">
            <button type="button" class="button" disabled={downloading || !connected} aria-busy={downloading} onClick={() => void download()}>
              {t('cycle.download', { title: i.title })}
            </button>
          </div>
          <p role="status" class={downloaded ? 'feedback feedback-done' : 'visually-hidden'}>
            {downloaded}
          </p>
          <ErrorBox error={readError} onDismiss={() => setReadError(null)} />
          <RecordStepForm initiative={i} zone={zone} webinars={webinars} act={act} />
          {report && <ReportView report={report} webinars={webinars} zone={zone} />}
        </>
      )}
    </li>
  );
}

export interface CyclePanelProps {
  room: string;
  cycle: CycleState;
  canRun: boolean;
  /** The body's name, the region when none is given. */
  bodyName: string;
  zone: string;
  webinars: Webinar[];
  connected: boolean;
  act: Act;
  read: Read;
}

export function CyclePanel({ room, cycle, canRun, bodyName, zone, webinars, connected, act, read }: CyclePanelProps) {
  const { t } = useI18n();
  const runner = useActionRunner();
  return (
    <section class="cycle" aria-labelledby="cycle-heading" data-testid="cycle-panel">
      <h2 id="cycle-heading">{t('cycle.heading')}</h2>
      <p class="lead">{t('cycle.intro')}</p>
      {!canRun && cycle.initiatives.length > 0 && <p class="muted">{t('cycle.readOnly')}</p>}
      {canRun && (
        <>
          <FeedbackLine outcome={runner.outcome} onDismiss={runner.clear} />
          <StartInitiativeForm runner={runner} act={act} region={bodyName} />
        </>
      )}
      <h3 class="cycle-list-heading">{t('cycle.listHeading')}</h3>
      {cycle.initiatives.length === 0 ? (
        <p class="muted">{t('cycle.none')}</p>
      ) : (
        <ul class="cycle-list">
          {cycle.initiatives.map((i) => (
            <InitiativeCard
              key={i.initiative}
              room={room}
              initiative={i}
              canRun={canRun}
              changedAt={cycle.changedAt}
              zone={zone}
              webinars={webinars}
              connected={connected}
              act={act}
              read={read}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
