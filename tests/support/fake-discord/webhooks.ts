/**
 * Interaction webhooks: follow-ups (POST /webhooks/:app/:token) and the original response or a follow-up by id
 * (GET/PATCH/DELETE .../messages/:message, `@original` included), valid for the interaction token's lifetime.
 */
import { MessageFlags, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { channelOf, type InteractionRecord, type Interactions } from './interactions.js';
import { acceptMessageBody, hasFlag, type Messages, type StoredMessage } from './messages.js';
import { bodyOf, error, json, noContent, param, type Reply, type RouteContext, type Router } from './rest.js';
import { clone, type FakeState } from './state.js';
import { discordErrors } from './validation.js';

export function addWebhookRoutes(
  router: Router,
  state: FakeState,
  interactions: Interactions,
  messages: Messages,
): void {
  /** The interaction of the token in the path, while the token lives; else Discord's error answer. */
  const webhookRecord = (ctx: RouteContext): InteractionRecord | Reply => {
    const record = interactions.byToken(param(ctx, 'token'));
    if (param(ctx, 'webhook') !== state.applicationId || !record)
      return error(404, discordErrors.unknownWebhook);
    const lifetime = state.options.interactionTokenLifetimeMs ?? 15 * 60_000;
    if (Date.now() - record.createdAt > lifetime)
      return error(401, { message: 'Invalid Webhook Token', code: RESTJSONErrorCodes.InvalidWebhookToken });
    return record;
  };
  /** Adds a token-authenticated route (no bot token, as Discord) on a live interaction. */
  const onWebhook = (
    method: string,
    template: string,
    handler: (record: InteractionRecord, ctx: RouteContext) => Reply,
  ) => {
    router.on(
      method,
      template,
      (ctx) => {
        const record = webhookRecord(ctx);
        return 'token' in record ? handler(record, ctx) : record;
      },
      false,
    );
  };
  /** Adds a route on one message of the interaction (its original or a follow-up); others are 404. */
  const onWebhookMessage = (
    method: string,
    handler: (message: StoredMessage, record: InteractionRecord, ctx: RouteContext) => Reply,
  ) => {
    onWebhook(method, '/webhooks/:webhook/:token/messages/:message', (record, ctx) => {
      const messageId = param(ctx, 'message');
      const id =
        messageId === '@original' ? (record.originalDeleted ? undefined : record.originalId) : messageId;
      const isOurs = id !== undefined && (id === record.originalId || record.followUpIds.includes(id));
      const message = isOurs ? messages.get(id) : undefined;
      return message ? handler(message, record, ctx) : error(404, discordErrors.unknownMessage);
    });
  };

  onWebhook('POST', '/webhooks/:webhook/:token', (record, ctx) => {
    if (record.callbacks.length === 0) return error(404, discordErrors.unknownWebhook);
    const body = acceptMessageBody(bodyOf(ctx), { isEdit: false, fileCount: ctx.req.files.length });
    if ('status' in body) return body;
    const original = record.originalId === undefined ? undefined : messages.get(record.originalId);
    let message: StoredMessage;
    if (original && hasFlag(original, MessageFlags.Loading) && record.followUpIds.length === 0) {
      // Discord quirk: the first follow-up after a deferred reply replaces the "thinking…" message, keeping
      // its id and its ephemeral state.
      message = messages.edit(original, { ...body, flags: undefined }, ctx.req.files);
    } else {
      const payload = record.payload;
      message = messages.create(body, ctx.req.files, {
        channelId: channelOf(payload),
        guildId: payload.guild_id,
        origin: 'followup',
        interaction: record,
      });
    }
    record.followUpIds.push(message.id);
    state.changed();
    // wait=false (the default for raw webhooks) gets 204; discord.js always asks for wait=true.
    return ctx.req.query.get('wait') === 'false' ? noContent : json(clone(message));
  });
  onWebhookMessage('GET', (message) => json(clone(message)));
  onWebhookMessage('PATCH', (message, record, ctx) => {
    const body = acceptMessageBody(bodyOf(ctx), { isEdit: true, fileCount: ctx.req.files.length });
    if ('status' in body) return body;
    messages.edit(message, body, ctx.req.files);
    if (message.id === record.originalId) record.edits.push(clone(message));
    state.changed();
    return json(clone(message));
  });
  onWebhookMessage('DELETE', (message, record) => {
    messages.delete(message);
    if (message.id === record.originalId) record.originalDeleted = true;
    state.changed();
    return noContent;
  });
}
