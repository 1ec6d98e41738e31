/** The shape of a slash command module in `commands/` (`export default { data, execute } satisfies Command`). */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { HandlerContext } from './context.js';

/** Buttons, select menus and modals. Their custom ids start with `<command name>:`, which routes them here. */
export type ComponentInteraction = MessageComponentInteraction | ModalSubmitInteraction;

export interface Command {
  /** The command as registered with Discord (SlashCommandBuilder#toJSON()). */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: HandlerContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: HandlerContext): Promise<void>;
  handleComponent?(interaction: ComponentInteraction, context: HandlerContext): Promise<void>;
}
