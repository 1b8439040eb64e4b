// Every closed vote, newest first, with its roll call: each voting member's recorded vote (M2):
// aye, nay, abstain, not voting (present but did not vote) or absent. The caption's counts are
// the roll call's own, so the two agree.

import { useI18n, type Translate } from '../../i18n/i18n';
import { isKey } from '../../i18n/i18n';
import type { Decision } from '../../state/motions';

function recordName(vote: string, t: Translate): string {
  const key = `record.${vote}`;
  return isKey(key) ? t(key) : vote;
}

/** N9's remedy, in the reader's language when the server's catalog words it (else its English, said so). */
function Cure({ cure, language, t }: { cure: { text: string; lang: string }; language: string; t: Translate }) {
  return (
    <p class="decision-cure">
      {t(language !== 'en' && cure.lang === 'en' ? 'decision.cure' : 'decision.cureWorded')} <span lang={cure.lang}>{cure.text}</span>
    </p>
  );
}

export function DecisionsPanel({ decided }: { decided: Decision[] }) {
  const { t, time, language, serverText } = useI18n();
  return (
    <section class="panel" aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('decisions.heading')}</h2>
      {decided.length === 0 && <p class="muted">{t('decisions.none')}</p>}
      {[...decided].reverse().map((d) => (
        <div class="decision" key={d.seq}>
          <table class="roll-call" data-testid={`roll-call-${d.number}`}>
            <caption>
              <span class={`result result-${d.result}`} aria-hidden="true">{t(d.result === 'adopted' ? 'decision.adopted' : 'decision.failed')}</span>{' '}
              {t(d.notVoting > 0 ? 'decision.captionNotVoting' : 'decision.caption', {
                number: d.number,
                text: d.text,
                result: t(d.result === 'adopted' ? 'ev.motions.decided.adopted' : 'ev.motions.decided.failed'),
                aye: d.tally.aye,
                nay: d.tally.nay,
                abstain: d.tally.abstain,
                notVoting: d.notVoting,
              })}{' '}
              <span class="muted">· {time(d.ts)}</span>
              {d.notice && !d.notice.valid && (
                <>
                  {' '}
                  <span class="badge badge-invalid" data-testid={`invalid-${d.number}`}>
                    {t('decision.invalid')}
                  </span>
                </>
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('decision.member')}</th>
                <th scope="col">{t('decision.vote')}</th>
              </tr>
            </thead>
            <tbody>
              {d.votes.map((v) => (
                <tr key={v.person}>
                  <th scope="row">{v.name}</th>
                  <td>
                    <span class={`choice choice-${v.vote}`}>{recordName(v.vote, t)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.notice && !d.notice.valid && d.notice.cure && <Cure cure={serverText(d.notice.cure)} language={language} t={t} />}
        </div>
      ))}
    </section>
  );
}
