/**
 * Reading what the bot sent, typed: the controls on a message (or a callback's data) and the body of a recorded
 * message post. Tests use these instead of digging through `components[0].components[0]` by hand.
 */
import {
  ComponentType,
  MessageFlags,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIComponentInMessageActionRow,
  type APIMessageTopLevelComponent,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { RecordedRequest } from './types.js';

/** Whether a message (or a callback's data) is ephemeral: only the member who acted sees it. */
export function isEphemeral(message: { flags?: number | undefined } | undefined): boolean {
  return ((message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** The first embed of a message (or of a callback's data); throws when there is none, so the test says so. */
export function embedOf(message: { embeds?: APIEmbed[] | undefined } | undefined): APIEmbed {
  const embed = message?.embeds?.[0];
  if (embed === undefined) throw new Error('expected a message with an embed');
  return embed;
}

/** Anything that carries message components: a stored message, or the data of an interaction callback. */
export interface WithComponents {
  components?: APIMessageTopLevelComponent[] | undefined;
}

/** The buttons and selects of a message's action rows, in order; none without a message. */
export function controlsOf(message: WithComponents | undefined): APIComponentInMessageActionRow[] {
  return (message?.components ?? []).flatMap((component) =>
    component.type === ComponentType.ActionRow ? component.components : [],
  );
}

/** The buttons with a custom id (every button the bot makes: no link or premium buttons), in order. */
export function buttonsOf(message: WithComponents | undefined): APIButtonComponentWithCustomId[] {
  return controlsOf(message).filter(
    (control): control is APIButtonComponentWithCustomId =>
      control.type === ComponentType.Button && 'custom_id' in control,
  );
}

/** The custom ids of a message's buttons and selects, in order. */
export function customIdsOf(message: WithComponents | undefined): string[] {
  return controlsOf(message).flatMap((control) => ('custom_id' in control ? [control.custom_id] : []));
}

/** The options of a registered command, or of one of its subcommands or groups; none for a plain option. */
export function optionsOf(
  command: APIApplicationCommand | APIApplicationCommandOption | undefined,
): APIApplicationCommandOption[] {
  return command !== undefined && 'options' in command ? (command.options ?? []) : [];
}

/**
 * The JSON body of a recorded message post (POST /channels/:id/messages, or `payload_json` of a multipart one),
 * which the fake validated before answering 200; throws for a request without a JSON object body.
 */
export function messageBody(request: RecordedRequest | undefined): RESTPostAPIChannelMessageJSONBody {
  const body = request?.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`no message body in ${request === undefined ? 'a missing request' : request.path}`);
  }
  // The fake answered 200, so the body passed its message checks.
  return body;
}
