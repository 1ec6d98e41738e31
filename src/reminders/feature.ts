/**
 * Reminders as a {@link Feature}: the members' choices (every process), the delivery (only the process that runs
 * shard 0, see delivery.ts), the hourly tidy-up of this process's list of members, and the private notice of a
 * pause the next time a member uses the bot. Which members have such a notice is read into memory each minute
 * (see pause-notices.ts), so a reply to anyone else costs no store read; a member paused by another process is
 * told from the first command they use after this process's next minute tick.
 */
import { MessageFlags, Routes, type Interaction, type REST } from 'discord.js';
import type { Feature } from '../feature.js';
import { resolveLocale, t } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { KeyValueStore } from '../store.js';
import { ReminderDelivery } from './delivery.js';
import type { ReleaseFeed } from './release-feed.js';
import { ReminderService } from './service.js';

const HOUR_MS = 60 * 60_000;

export interface RemindersFeature extends Feature {
  readonly members: ReminderService;
  readonly feed: ReleaseFeed;
  /** Present in the process that delivers (the one running shard 0), once recovered. */
  readonly delivery: ReminderDelivery | undefined;
  tick(): void;
}

export function remindersFeature(deps: {
  store: KeyValueStore;
  feed: ReleaseFeed;
  rest: Pick<REST, 'post'>;
  now: () => Date;
  logger: Logger;
  /** This process's shard (whose list of members it keeps) and how many there are. */
  shard: { id: number; count: number };
  /** Whether this process delivers: it runs shard 0 (asked once the client is ready). */
  delivers: () => boolean;
}): RemindersFeature {
  const { store, feed, rest, now, logger, shard } = deps;
  const members = new ReminderService(store, now, shard.id);
  const log = logger.child({ feature: 'reminders' });
  let delivery: ReminderDelivery | undefined;
  let lastPrune = now().getTime();

  /**
   * Reads which members have a pause notice to be told; the deliverer, the list's one writer, first drops those
   * whose notice is gone. A failure is logged, and the set read last stays until the next minute.
   */
  let following: Promise<void> | undefined;
  const followPauseNotices = (): Promise<void> => {
    following ??= (delivery === undefined ? members.refreshPauseNotices() : members.pauseNotices.tidy())
      .catch((error: unknown) => log.error({ err: error }, 'could not read the members with a pause notice'))
      .finally(() => {
        following = undefined;
      });
    return following;
  };

  return {
    name: 'reminders',
    commands: ['reminders'],
    members,
    feed,
    get delivery() {
      return delivery;
    },
    async recover() {
      if (deps.delivers() && delivery === undefined) {
        delivery = new ReminderDelivery({
          store,
          feed,
          now,
          logger,
          shardCount: shard.count,
          pauseNotices: members.pauseNotices,
          messenger: {
            openDm: async (userId) => {
              const channel = (await rest.post(Routes.userChannels(), {
                body: { recipient_id: userId },
              })) as { id: string };
              return channel.id;
            },
            send: (channelId, body) => rest.post(Routes.channelMessages(channelId), { body }),
          },
        });
        // A change of the release may make a reminder due at once: look without waiting for the minute.
        feed.onChange(() => delivery?.tick());
        // Reminders missed while the bot was down: under 6 hours late they go out now, older ones are dropped.
        delivery.tick();
      }
      await followPauseNotices();
    },
    tick() {
      delivery?.tick();
      void followPauseNotices();
      if (now().getTime() - lastPrune < HOUR_MS) return;
      lastPrune = now().getTime();
      members
        .prune()
        .then((dropped) => {
          if (dropped > 0) log.info({ dropped }, 'dropped members without reminders from the list');
        })
        .catch((error: unknown) => log.error({ err: error }, 'could not tidy the list of members'));
    },
    async answered(interaction: Interaction) {
      if (!interaction.isChatInputCommand() && !interaction.isMessageComponent()) return;
      // /reminders and its buttons say so themselves.
      const name = interaction.isChatInputCommand()
        ? interaction.commandName
        : interaction.customId.split(':', 1)[0];
      if (name === 'reminders' || !(interaction.replied || interaction.deferred)) return;
      if (!(await members.takePauseNotice(interaction.user.id))) return;
      await interaction.followUp({
        content: t(resolveLocale(interaction.locale), 'reminders.paused'),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    },
    async stop() {
      await Promise.all([delivery?.stop(), following]);
    },
  };
}
