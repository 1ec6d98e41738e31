/**
 * Who may change the bot's settings in a server. Discord's default member permissions only hide /config by
 * default (server admins can override them), so the bot checks again itself on every use.
 */
import { PermissionFlagsBits } from 'discord.js';
import { UserError } from '../interactions/errors.js';

export interface Member {
  permissions: bigint;
  roleIds: readonly string[];
}

/** Manage Server, or the server's configured moderator role. */
export function canConfigure(member: Member, modRoleId: string | null): boolean {
  if ((member.permissions & PermissionFlagsBits.ManageGuild) === PermissionFlagsBits.ManageGuild) return true;
  return modRoleId !== null && member.roleIds.includes(modRoleId);
}

export const NOT_ALLOWED_MESSAGE =
  'Only members with the Manage Server permission, or the moderator role set with `/config mod-role`, can change my settings.';

/** Throws a {@link UserError} unless the member may configure the bot. */
export function requireConfigure(member: Member, modRoleId: string | null): void {
  if (!canConfigure(member, modRoleId)) throw new UserError(NOT_ALLOWED_MESSAGE);
}
