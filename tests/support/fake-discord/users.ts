/** Who the bot is and whom it can see: /users, /applications/@me and DM channel creation. */
import { createHash } from 'node:crypto';
import { OAuth2Scopes } from 'discord-api-types/v10';
import { BOT_PERMISSIONS, apiUser, defaultUsers, type FakeUser } from './fixtures.js';
import type { Messages } from './messages.js';
import { bodyOf, error, json, param, type Router } from './rest.js';
import { clone, type FakeState } from './state.js';
import { asText, discordErrors, fieldsOf } from './validation.js';

/** A user the fake knows: one of {@link defaultUsers}, a member of one of its guilds, or one seen in an interaction. */
function knownUser(state: FakeState, id: string): FakeUser | undefined {
  let user: FakeUser | undefined = Object.values(defaultUsers).find((u) => u.id === id);
  for (const guild of state.guilds.values()) user ??= guild.members?.find((m) => m.user.id === id)?.user;
  return user ?? state.knownUsers.get(id);
}

export function addUserRoutes(router: Router, state: FakeState, messages: Messages): void {
  router.on('GET', '/users/@me', () =>
    json({ ...apiUser(state.botUser), verified: true, mfa_enabled: false, locale: 'en-US' }),
  );
  const application = () => ({
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: 'A Discord bot for Purple Hearts 2 fan servers.',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: createHash('sha256').update(state.applicationId).digest('hex'),
    flags: 0,
    owner: apiUser(defaultUsers.owner),
    team: null,
    bot: apiUser(state.botUser),
    approximate_guild_count: state.guilds.size,
    integration_types_config: { '0': {} },
    install_params: {
      scopes: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands],
      permissions: BOT_PERMISSIONS,
    },
  });
  router.on('GET', '/applications/@me', () => json(application()));
  router.on('GET', '/oauth2/applications/@me', () => json(application()));
  router.on('GET', '/users/:user', (ctx) => {
    const id = param(ctx, 'user');
    if (id === state.botUser.id) return json(apiUser(state.botUser));
    // Members first, then the default users, as the guilds may hold newer copies.
    for (const guild of state.guilds.values()) {
      const member = guild.members?.find((m) => m.user.id === id);
      if (member) return json(apiUser(member.user));
    }
    const known = Object.values(defaultUsers).find((u) => u.id === id);
    return known ? json(apiUser(known)) : error(404, discordErrors.unknownUser);
  });
  router.on('POST', '/users/@me/channels', (ctx) => {
    const recipient = asText(fieldsOf(bodyOf(ctx)).recipient_id ?? '');
    const user = knownUser(state, recipient);
    if (!user)
      return error(400, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          recipient_id: {
            _errors: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${recipient}" is not snowflake.` }],
          },
        },
      });
    return json(clone(messages.dmChannelFor(user)));
  });
}
