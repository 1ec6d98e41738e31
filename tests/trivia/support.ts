/**
 * Test doubles for trivia: a manual clock that is also the runtime's timers (time moves only when a test says
 * so, and `advance` waits for the tasks it fires), an in-memory store that can be told to fail, and a sender
 * that records messages instead of talking to Discord.
 */
import { TRIVIA_CATEGORIES, type TriviaQuestion } from '../../src/content/schemas.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { KeyValueStore } from '../../src/store.js';
import type { MessageBody } from '../../src/trivia/render.js';
import type { TriviaTimers } from '../../src/trivia/runtime.js';
import type { TriviaSender } from '../../src/trivia/service.js';

interface Timer {
  id: number;
  at: number;
  callback: () => unknown;
}

export class ManualClock implements TriviaTimers {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: string | Date) {
    this.time = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.time);

  setTimeout(callback: () => unknown, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms`, firing (in order, one at a time, each awaited) every timer that falls due. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = Math.max(this.time, due.at);
      await due.callback();
    }
    this.time = target;
  }

  /** Moves time on without firing anything (the bot was down). */
  jump(ms: number): void {
    this.time += ms;
  }
}

/** A Map-backed store; `failWrites` makes every set and delete fail, as an unreachable database would. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  failWrites = false;
  writes = 0;

  get<Value>(key: string): Promise<Value | undefined> {
    const value = this.data.get(key);
    return Promise.resolve(value === undefined ? undefined : (structuredClone(value) as Value));
  }

  async getMany<Value>(keys: readonly string[]): Promise<(Value | undefined)[]> {
    return Promise.all(keys.map((key) => this.get<Value>(key)));
  }

  set(key: string, value: unknown): Promise<boolean> {
    if (this.failWrites) return Promise.reject(new Error('store unavailable'));
    this.writes++;
    this.data.set(key, structuredClone(value));
    return Promise.resolve(true);
  }

  delete(key: string): Promise<boolean> {
    if (this.failWrites) return Promise.reject(new Error('store unavailable'));
    return Promise.resolve(this.data.delete(key));
  }
}

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
