/**
 * Who may use `/operator`: the ids in OPERATOR_USER_IDS, or else the application's owner, or the members of its
 * team (those who accepted), as Discord's application info says. Checked on the bot's side on every use, and
 * only in the operator's own server.
 */
import { TeamMemberMembershipState } from 'discord.js';
import { userError } from '../i18n/index.js';

/** The part of discord.js's ClientApplication that says who owns the bot. */
export interface ApplicationOwner {
  owner:
    | { id: string; members?: undefined }
    | { members: ReadonlyMap<string, { id: string; membershipState: TeamMemberMembershipState }> }
    | null;
}

/** The users an application's owner stands for: a user, or the accepted members of a team. */
export function ownersOf(application: ApplicationOwner): string[] {
  const owner = application.owner;
  if (owner === null) return [];
  if (owner.members === undefined) return [owner.id];
  return [...owner.members.values()]
    .filter((member) => member.membershipState === TeamMemberMembershipState.Accepted)
    .map((member) => member.id);
}

/** Throws a `UserError` unless the command comes from the operator's server and one of its operators. */
export function requireOperator(input: {
  guildId: string | null;
  userId: string;
  operatorGuildId: string | undefined;
  operatorIds: readonly string[];
}): void {
  if (input.operatorGuildId === undefined || input.guildId !== input.operatorGuildId) {
    throw userError('operator.refusal.otherServer');
  }
  if (!input.operatorIds.includes(input.userId)) throw userError('operator.refusal.notOperator');
}
