/** Every slash command the bot has. The runtime and `npm run deploy-commands` both read this list. */
import type { Command } from '../src/command.js';
import { localizeCommand } from '../src/i18n/commands.js';
import cast from './cast.js';
import config from './config/index.js';
import countdown from './countdown.js';
import operator from './operator.js';
import reminders from './reminders.js';
import trivia from './trivia.js';

/** The commands with their descriptions and choice names translated for Discord's picker (src/i18n/commands.ts). */
export const commands: readonly Command[] = [cast, config, countdown, reminders, trivia].map((command) => ({
  ...command,
  data: localizeCommand(command.data),
}));

/**
 * The operator's commands: registered in OPERATOR_GUILD_ID only, never globally (see README, Operating the bot);
 * translated for the picker too, as the operator's replies are.
 */
export const operatorCommands: readonly Command[] = [operator].map((command) => ({
  ...command,
  data: localizeCommand(command.data),
}));
