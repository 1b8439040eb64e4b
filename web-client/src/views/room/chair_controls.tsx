// The presiding officer's buttons, each shown only when the meeting is at a step where it applies.

import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import type { Controls } from '../../state/capabilities';

export interface ChairAction {
  key: keyof Controls;
  label: MessageKey;
  op: string;
}

const ACTIONS: ChairAction[] = [
  { key: 'callToOrder', label: 'chair.callToOrder', op: 'meeting.call_to_order' },
  { key: 'state', label: 'chair.state', op: 'motions.state' },
  { key: 'callVote', label: 'chair.callVote', op: 'motions.call_vote' },
  { key: 'closeVote', label: 'chair.closeVote', op: 'motions.close_vote' },
  { key: 'recess', label: 'chair.recess', op: 'meeting.recess' },
  { key: 'resume', label: 'chair.resume', op: 'meeting.resume' },
  { key: 'adjourn', label: 'chair.adjourn', op: 'meeting.adjourn' },
];

/** Whether any chair control applies now (the panel is hidden otherwise). */
export function chairActions(controls: Controls): ChairAction[] {
  return ACTIONS.filter((a) => controls[a.key] === true);
}

export function ChairControls({
  controls,
  busy,
  onAct,
}: {
  controls: Controls;
  busy: string | null;
  onAct: (op: string) => void;
}) {
  const { t } = useI18n();
  const actions = chairActions(controls);
  if (actions.length === 0) return null;
  return (
    <section class="panel chair" aria-labelledby="chair-title">
      <h2 id="chair-title">{t('chair.heading')}</h2>
      <div class="button-row">
        {actions.map((a) => (
          <button
            key={a.op}
            type="button"
            data-op={a.op}
            class={`button ${a.op === 'meeting.adjourn' ? 'button-danger' : 'button-primary'}`}
            disabled={busy !== null}
            aria-busy={busy === a.op}
            onClick={() => onAct(a.op)}
          >
            {t(a.label)}
          </button>
        ))}
      </div>
    </section>
  );
}
