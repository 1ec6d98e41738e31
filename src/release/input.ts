/** Validators for what the operator types: checked like `/config` input, each failure a `UserError` in the operator's language. */
import { userError, type MessageKey } from '../i18n/index.js';
import { plainText } from '../settings/validate.js';
import { MAX_SOURCE_LENGTH } from './facts.js';

/** The longest window label (data/release.json's schema allows 60). */
export const MAX_WINDOW_LABEL = 60;

function oneLine(what: MessageKey, text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > max || /[\r\n]/.test(trimmed)) {
    throw userError('settingErrors.textLength', { max }, { label: what });
  }
  if (/@(everyone|here)\b|<@[!&]?\d+>/.test(trimmed)) {
    throw userError('settingErrors.textMentions', {}, { label: what });
  }
  return trimmed;
}

/** Where the news comes from, shown to members: one line, up to {@link MAX_SOURCE_LENGTH} characters. */
export function parseSource(text: string): string {
  return oneLine('operator.input.source', text, MAX_SOURCE_LENGTH);
}

/** A window's name as members read it, such as "February 2027". */
export function parseWindowLabel(text: string): string {
  return oneLine('operator.input.windowLabel', text, MAX_WINDOW_LABEL);
}

/** A window's span must run forwards and not be over already (dates as typed, already checked as dates). */
export function checkWindow(start: string, end: string, today: string): void {
  if (end < start) {
    throw userError('operator.input.windowBackwards', { start: plainText(start), end: plainText(end) });
  }
  if (end < today) throw userError('operator.input.windowOver', { end, today });
}
