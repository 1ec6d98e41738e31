/** The bot's {@link TriviaSender}: channel messages over discord.js's REST client, never pinging anyone. */
import { Routes, type REST } from 'discord.js';
import type { MessageBody } from './render.js';
import type { TriviaSender } from './service.js';

/** Raw REST posts skip the client's default allowed mentions, so every body states its own. */
const NO_PINGS = { allowed_mentions: { parse: [] } };

export function restSender(rest: Pick<REST, 'post' | 'patch'>): TriviaSender {
  return {
    async send(channelId: string, body: MessageBody, nonce?: string) {
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: { ...body, ...NO_PINGS, ...(nonce === undefined ? {} : { nonce, enforce_nonce: true }) },
      })) as { id: string };
      return { id: message.id };
    },
    async edit(channelId: string, messageId: string, body: MessageBody) {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body: { ...body, ...NO_PINGS } });
    },
  };
}
