/**
 * Registering slash commands with Discord. The bot remembers a hash of what it last registered, so a restart
 * with unchanged commands makes no request, and a changed set is registered once by bulk overwrite.
 */
import { createHash } from 'node:crypto';
import { Routes, type REST } from 'discord.js';
import type { KeyValueStore } from '../store.js';
import type { Command } from '../command.js';

export interface CommandTarget {
  applicationId: string;
  /** Register to this guild only; global when undefined. */
  guildId: string | undefined;
}

/**
 * Which commands go where: the public ones globally (or to DEV_GUILD_ID), the operator's to OPERATOR_GUILD_ID only.
 * A registration replaces a server's whole list, so when both are the same server one list holds both sets.
 */
export function registrationPlan(input: {
  applicationId: string;
  devGuildId: string | undefined;
  operatorGuildId: string | undefined;
  commands: readonly Command[];
  operatorCommands: readonly Command[];
}): { target: CommandTarget; commands: readonly Command[] }[] {
  const { applicationId, devGuildId, operatorGuildId, commands, operatorCommands } = input;
  if (operatorGuildId === undefined) return [{ target: { applicationId, guildId: devGuildId }, commands }];
  if (operatorGuildId === devGuildId) {
    return [{ target: { applicationId, guildId: devGuildId }, commands: [...commands, ...operatorCommands] }];
  }
  return [
    { target: { applicationId, guildId: devGuildId }, commands },
    { target: { applicationId, guildId: operatorGuildId }, commands: operatorCommands },
  ];
}

/** A hash of the command bodies that changes whenever anything Discord would see changes. */
export function commandSetHash(commands: readonly Command[]): string {
  return createHash('sha256')
    .update(canonicalJson(commands.map((command) => command.data)))
    .digest('hex');
}

function registrationKey({ applicationId, guildId }: CommandTarget): string {
  return `commands:registered:${applicationId}:${guildId ?? 'global'}`;
}

/**
 * Bulk-overwrites the commands (global, or one guild's) unless the stored hash says Discord already has exactly
 * these. `force` skips that check (the deploy script). Returns whether a request was made.
 */
export async function syncCommands(options: {
  rest: REST;
  store: KeyValueStore;
  target: CommandTarget;
  commands: readonly Command[];
  force?: boolean;
}): Promise<'registered' | 'unchanged'> {
  const { rest, store, target, commands, force = false } = options;
  const hash = commandSetHash(commands);
  const key = registrationKey(target);
  if (!force && (await store.get<string>(key)) === hash) return 'unchanged';
  const route =
    target.guildId === undefined
      ? Routes.applicationCommands(target.applicationId)
      : Routes.applicationGuildCommands(target.applicationId, target.guildId);
  await rest.put(route, { body: commands.map((command) => command.data) });
  await store.set(key, hash);
  return 'registered';
}

/** JSON with object keys sorted, so the same commands always hash the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
