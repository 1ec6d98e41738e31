import { TeamMemberMembershipState } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { registrationPlan } from '../../src/interactions/registration.js';
import { ownersOf, requireOperator } from '../../src/release/operators.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const HQ = '111111111111111111';

describe('who is an operator', () => {
  it('is the application owner, or the accepted members of its team', () => {
    expect(ownersOf({ owner: { id: '1' } })).toEqual(['1']);
    const members = new Map([
      ['2', { id: '2', membershipState: TeamMemberMembershipState.Accepted }],
      ['3', { id: '3', membershipState: TeamMemberMembershipState.Invited }],
    ]);
    expect(ownersOf({ owner: { members } })).toEqual(['2']);
    expect(ownersOf({ owner: null })).toEqual([]);
  });

  it('is refused outside the operator server, and anyone else is refused inside it', () => {
    const input = { guildId: HQ, userId: '1', operatorGuildId: HQ, operatorIds: ['1'] };
    expect(() => requireOperator(input)).not.toThrow();
    expect(() => requireOperator({ ...input, userId: '2' })).toThrow(/Only the bot's operator/);
    expect(() => requireOperator({ ...input, guildId: '222222222222222222' })).toThrow(/own server/);
    expect(() => requireOperator({ ...input, operatorGuildId: undefined })).toThrow(/own server/);
  });

  it('comes from OPERATOR_GUILD_ID and OPERATOR_USER_IDS, which are checked', () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      OPERATOR_GUILD_ID: HQ,
      OPERATOR_USER_IDS: ' 1234567890123456789 , 223456789012345678',
    });
    expect(config.operatorGuildId).toBe(HQ);
    expect(config.operatorUserIds).toEqual(['1234567890123456789', '223456789012345678']);
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, OPERATOR_GUILD_ID: 'hq' })).toThrow(
      /OPERATOR_GUILD_ID must be a server id/,
    );
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, OPERATOR_USER_IDS: '1,me' })).toThrow(
      /OPERATOR_USER_IDS must be user ids/,
    );
  });
});

describe('registrationPlan', () => {
  const command = (name: string) => ({ data: { name, description: name }, execute: () => Promise.resolve() });
  const commands = [command('cast')];
  const operatorCommands = [command('operator')];

  it("puts the operator's commands in the operator's server only", () => {
    const plan = registrationPlan({
      applicationId: 'a',
      devGuildId: undefined,
      operatorGuildId: HQ,
      commands,
      operatorCommands,
    });
    expect(plan.map((part) => [part.target.guildId, part.commands.map((c) => c.data.name)])).toEqual([
      [undefined, ['cast']],
      [HQ, ['operator']],
    ]);
  });

  it('registers one list when the operator server is also DEV_GUILD_ID, and none without it', () => {
    const same = registrationPlan({
      applicationId: 'a',
      devGuildId: HQ,
      operatorGuildId: HQ,
      commands,
      operatorCommands,
    });
    expect(same.map((part) => part.commands.map((c) => c.data.name))).toEqual([['cast', 'operator']]);
    const none = registrationPlan({
      applicationId: 'a',
      devGuildId: undefined,
      operatorGuildId: undefined,
      commands,
      operatorCommands,
    });
    expect(none.map((part) => part.commands.map((c) => c.data.name))).toEqual([['cast']]);
  });
});
