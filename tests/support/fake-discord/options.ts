/**
 * Slash command options as Discord sends them in `data.options`, so tests write `str('time', '10:00')` and
 * `fake.command('config countdown', [...])` instead of nesting subcommand objects by hand.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';

/** One option of an invoked slash command (`type` is an `ApplicationCommandOptionType`). */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

/** A string option. */
export const str = (name: string, value: string): CommandOption => ({
  name,
  type: ApplicationCommandOptionType.String,
  value,
});

/** An integer option. */
export const int = (name: string, value: number): CommandOption => ({
  name,
  type: ApplicationCommandOptionType.Integer,
  value,
});

/** A boolean option. */
export const bool = (name: string, value: boolean): CommandOption => ({
  name,
  type: ApplicationCommandOptionType.Boolean,
  value,
});

/** A channel option (the fake fills `resolved` from the guild). */
export const channelOption = (name: string, channelId: string): CommandOption => ({
  name,
  type: ApplicationCommandOptionType.Channel,
  value: channelId,
});

/** A role option (the fake fills `resolved` from the guild). */
export const roleOption = (name: string, roleId: string): CommandOption => ({
  name,
  type: ApplicationCommandOptionType.Role,
  value: roleId,
});

/**
 * The command name and `data.options` for `path` as a user types it: `'cast'`, `'config countdown'` (a
 * subcommand) or `'config questions add'` (a subcommand in a group), with `options` given to the last part.
 */
export function commandPath(
  path: string,
  options: CommandOption[] = [],
): { name: string; options: CommandOption[] } {
  const [name = '', ...rest] = path.trim().replace(/^\//, '').split(/\s+/);
  if (rest.length > 2) throw new Error(`"${path}": a command has at most a group and a subcommand`);
  const [first, second] = rest;
  if (first === undefined) return { name, options };
  const subcommand = (sub: string): CommandOption => ({
    name: sub,
    type: ApplicationCommandOptionType.Subcommand,
    options,
  });
  if (second === undefined) return { name, options: [subcommand(first)] };
  return {
    name,
    options: [
      { name: first, type: ApplicationCommandOptionType.SubcommandGroup, options: [subcommand(second)] },
    ],
  };
}
