/**
 * Test doubles for trivia: a sender that records messages instead of talking to Discord, a small question pool
 * and a silent logger. The manual clock and the memory store live in tests/support/ (re-exported here).
 */
import { TRIVIA_CATEGORIES, type TriviaQuestion } from '../../src/content/schemas.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { MessageBody } from '../../src/trivia/render.js';
import type { TriviaSender } from '../../src/trivia/service.js';

export { ManualClock } from '../support/manual-clock.js';
export { MemoryStore } from '../support/memory-store.js';

export interface SentMessage {
  id: string;
  channelId: string;
  body: MessageBody;
  nonce: string | undefined;
  /** Every later version, oldest first. */
  edits: MessageBody[];
}

/** Records what would go to Discord; `fail` makes the next send or edit throw the given error. */
export class RecordingSender implements TriviaSender {
  readonly messages: SentMessage[] = [];
  fail: { send?: Error; edit?: Error } = {};
  private nextId = 1000;

  send(channelId: string, body: MessageBody, nonce?: string): Promise<{ id: string }> {
    if (this.fail.send !== undefined) return Promise.reject(this.fail.send);
    const id = String(this.nextId++);
    this.messages.push({ id, channelId, body, nonce, edits: [] });
    return Promise.resolve({ id });
  }

  edit(channelId: string, messageId: string, body: MessageBody): Promise<void> {
    if (this.fail.edit !== undefined) return Promise.reject(this.fail.edit);
    const message = this.messages.find((m) => m.id === messageId && m.channelId === channelId);
    if (message === undefined) return Promise.reject(new Error(`no message ${messageId} in ${channelId}`));
    message.edits.push(body);
    return Promise.resolve();
  }

  /** A message as it is now (its last edit, or as sent). */
  current(id: string): MessageBody | undefined {
    const message = this.messages.find((m) => m.id === id);
    return message === undefined ? undefined : (message.edits.at(-1) ?? message.body);
  }

  /** The messages that carry answer buttons (questions), in order. */
  questions(): SentMessage[] {
    return this.messages.filter((m) =>
      (m.body.components?.[0]?.components ?? []).some(
        (b) => 'custom_id' in b && b.custom_id.startsWith('trivia:a:'),
      ),
    );
  }
}

export const silentLogger = (): Logger => createLogger({ level: 'silent' });

/** A small built-in pool: `count` questions named q1…, spread over the categories, all easy. */
export function builtInQuestions(count: number): TriviaQuestion[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `q${index + 1}`,
    question: `Question number ${index + 1}?`,
    answer: `Right ${index + 1}`,
    wrong: [`Wrong A${index + 1}`, `Wrong B${index + 1}`, `Wrong C${index + 1}`] as [string, string, string],
    category: TRIVIA_CATEGORIES[index % TRIVIA_CATEGORIES.length] ?? 'cast',
    difficulty: 'easy' as const,
    film: 'both' as const,
    rumour: false,
    explanation: `Because ${index + 1}.`,
  }));
}

/** The answer buttons of a question message: custom id and label. */
export function buttonsOf(
  body: MessageBody | undefined,
): { customId: string; label: string; disabled: boolean }[] {
  return (body?.components?.[0]?.components ?? []).flatMap((button) =>
    'custom_id' in button
      ? [{ customId: button.custom_id, label: button.label ?? '', disabled: button.disabled === true }]
      : [],
  );
}
