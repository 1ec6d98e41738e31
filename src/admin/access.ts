/**
 * Who may change the bot's settings in a server. Discord's default member permissions only hide /config by
 * default (server admins can override them), so the bot checks again itself on every use.
 */
import { PermissionFlagsBits } from 'discord.js';
import { t, userError } from '../i18n/index.js';

export interface Member {
  permissions: bigint;
  roleIds: readonly string[];
}

/** Manage Server, or the server's configured moderator role. */
export function canConfigure(member: Member, modRoleId: string | null): boolean {
  if ((member.permissions & PermissionFlagsBits.ManageGuild) === PermissionFlagsBits.ManageGuild) return true;
  return modRoleId !== null && member.roleIds.includes(modRoleId);
}

/** The refusal in English (shown to a member in their own language). */
export const NOT_ALLOWED_MESSAGE = t('en', 'configErrors.notAllowed');

/** Throws a UserError unless the member may configure the bot. */
export function requireConfigure(member: Member, modRoleId: string | null): void {
  if (!canConfigure(member, modRoleId)) throw userError('configErrors.notAllowed');
}

/** Only Manage Server may choose who else can configure the bot, so a moderator role cannot widen itself. */
export function requireManageServer(member: Member): void {
  if ((member.permissions & PermissionFlagsBits.ManageGuild) !== PermissionFlagsBits.ManageGuild) {
    throw userError('configErrors.manageServerOnly');
  }
}

/** The invoking member's permissions and roles, from either shape discord.js gives an interaction's member. */
export function memberOf(interaction: {
  memberPermissions: { bitfield: bigint } | null;
  member: { roles: readonly string[] | { cache: { keys(): Iterable<string> } } } | null;
}): Member {
  const roles = interaction.member?.roles;
  const roleIds =
    roles === undefined
      ? []
      : Array.isArray(roles)
        ? roles
        : [...(roles as { cache: { keys(): Iterable<string> } }).cache.keys()];
  return { permissions: interaction.memberPermissions?.bitfield ?? 0n, roleIds };
}
