/** A real SQLite store in a temporary folder, and a DM sender that records what it sends, for reminder tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiscordAPIError, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DirectMessenger } from '../../src/reminders/delivery.js';
import { openStore, type Store } from '../../src/store.js';

export async function temporaryStore(): Promise<{ store: Store; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-reminders-'));
  const store = await openStore(`sqlite://${path.join(folder, 'store.sqlite')}`);
  return {
    store,
    remove: async () => {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export interface SentDm {
  userId: string;
  channelId: string;
  body: RESTPostAPIChannelMessageJSONBody;
}

/** Records DMs; users in `closed` refuse them with Discord's 50007, `failNext` fails the next sends with a 500. */
export class RecordingMessenger implements DirectMessenger {
  readonly sent: SentDm[] = [];
  readonly opened: string[] = [];
  readonly closed = new Set<string>();
  failNext = 0;

  openDm(userId: string): Promise<string> {
    this.opened.push(userId);
    return Promise.resolve(`9${userId}`);
  }

  send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<unknown> {
    const userId = channelId.slice(1);
    if (this.closed.has(userId))
      return Promise.reject(apiError(50007, 403, 'Cannot send messages to this user'));
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(apiError(0, 500, 'Internal Server Error'));
    }
    this.sent.push({ userId, channelId, body });
    return Promise.resolve({ id: String(this.sent.length) });
  }
}

function apiError(code: number, status: number, message: string): DiscordAPIError {
  return new DiscordAPIError(
    { code, message },
    code,
    status,
    'POST',
    'https://discord.test/api/v10/channels/1/messages',
    {
      body: undefined,
      files: undefined,
    },
  );
}
