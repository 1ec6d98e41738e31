import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { canConfigure, memberOf, requireManageServer } from '../../src/admin/access.js';
import { UserError } from '../../src/errors.js';

const MOD_ROLE = '300000000000000001';

describe('canConfigure', () => {
  it('lets in Manage Server, and members of the moderator role', () => {
    expect(canConfigure({ permissions: PermissionFlagsBits.ManageGuild, roleIds: [] }, null)).toBe(true);
    expect(canConfigure({ permissions: 0n, roleIds: [MOD_ROLE] }, MOD_ROLE)).toBe(true);
  });

  it('keeps out everyone else, including when no moderator role is set', () => {
    expect(canConfigure({ permissions: PermissionFlagsBits.SendMessages, roleIds: [MOD_ROLE] }, null)).toBe(
      false,
    );
    expect(canConfigure({ permissions: 0n, roleIds: ['300000000000000002'] }, MOD_ROLE)).toBe(false);
  });
});

describe('requireManageServer', () => {
  it('refuses the moderator role alone', () => {
    expect(() => requireManageServer({ permissions: 0n, roleIds: [MOD_ROLE] })).toThrow(UserError);
    expect(() =>
      requireManageServer({ permissions: PermissionFlagsBits.ManageGuild, roleIds: [] }),
    ).not.toThrow();
  });
});

describe('memberOf', () => {
  it('reads roles from a raw member and from a cached one', () => {
    const permissions = { bitfield: PermissionFlagsBits.ManageGuild };
    expect(memberOf({ memberPermissions: permissions, member: { roles: [MOD_ROLE] } })).toEqual({
      permissions: PermissionFlagsBits.ManageGuild,
      roleIds: [MOD_ROLE],
    });
    const cached = { roles: { cache: new Map([[MOD_ROLE, {}]]) } };
    expect(memberOf({ memberPermissions: null, member: cached })).toEqual({
      permissions: 0n,
      roleIds: [MOD_ROLE],
    });
  });
});
