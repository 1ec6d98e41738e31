/** Validators for what the operator types: checked like `/config` input, each failure a {@link UserError}. */
import { UserError } from '../errors.js';
import { plainText } from '../settings/validate.js';
import { MAX_SOURCE_LENGTH } from './facts.js';

/** The longest window label (data/release.json's schema allows 60). */
export const MAX_WINDOW_LABEL = 60;

function oneLine(what: string, text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > max || /[\r\n]/.test(trimmed)) {
    throw new UserError(`${what} must be one line of 1 to ${max} characters.`);
  }
  if (/@(everyone|here)\b|<@[!&]?\d+>/.test(trimmed)) {
    throw new UserError(`${what} cannot contain mentions such as @everyone, a user or a role.`);
  }
  return trimmed;
}

/** Where the news comes from, shown to members: one line, up to {@link MAX_SOURCE_LENGTH} characters. */
export function parseSource(text: string): string {
  return oneLine('The source', text, MAX_SOURCE_LENGTH);
}

/** A window's name as members read it, such as "February 2027". */
export function parseWindowLabel(text: string): string {
  return oneLine('The window label', text, MAX_WINDOW_LABEL);
}

/** A window's span must run forwards and not be over already. */
export function checkWindow(start: string, end: string, today: string): void {
  if (end < start) {
    throw new UserError(
      `The window must start on or before its end; got ${plainText(start)} to ${plainText(end)}.`,
    );
  }
  if (end < today) throw new UserError(`That window ended on ${end}, before today (${today}, UTC).`);
}
