// A refusal or failure, in words: the translated meaning of its code, and the server's own
// reason (which cites the rule, in English) beside it.

import { ProtocolError } from '../protocol/messages';
import { isKey, type Translate } from './i18n';

export interface ErrorText {
  code: string;
  summary: string;
  /** The server's reason, shown as it came (lang="en"). */
  detail: string;
}

export function describeError(error: unknown, t: Translate): ErrorText {
  const code = error instanceof ProtocolError ? error.code : 'internal';
  const detail = error instanceof ProtocolError ? error.message : '';
  const key = `error.${code}`;
  return { code, summary: isKey(key) ? t(key) : t('error.unknown', { code }), detail };
}
