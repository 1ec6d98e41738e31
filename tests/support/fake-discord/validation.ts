/**
 * The subset of Discord's request validation the fake enforces, so that a bot which would be rejected by Discord
 * is rejected by the fake too. Errors use Discord's shapes: `{ code: 50035, message: 'Invalid Form Body', errors }`
 * with `_errors` leaves, or a plain `{ code, message }`.
 */

/** The `errors` of an Invalid Form Body answer: `_errors` leaves under field names and indexes. */
export interface FormErrorTree {
  _errors?: Array<{ code: string; message: string }>;
  [key: string]: FormErrorTree | Array<{ code: string; message: string }> | undefined;
}

/** A Discord JSON error body. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FormErrorTree;
}

/** The fields of a JSON object the bot sent, each still unchecked; nothing for a non-object. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The items of a JSON array the bot sent, each still unchecked; nothing for a non-array. */
export function itemsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** A field the bot sent, as text the way Discord reads it (an object reads as "[object Object]"). */
export function asText(value: unknown): string {
  return String(value);
}

/** Collects `_errors` leaves at nested paths, like Discord's Invalid Form Body answers. */
class FormErrors {
  readonly tree: FormErrorTree = {};
  count = 0;

  add(path: Array<string | number>, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const next = node[String(key)];
      if (next === undefined || Array.isArray(next)) {
        const created: FormErrorTree = {};
        node[String(key)] = created;
        node = created;
      } else {
        node = next;
      }
    }
    (node._errors ??= []).push({ code, message });
    this.count++;
  }

  result(): DiscordErrorBody | null {
    return this.count === 0 ? null : { code: 50035, message: 'Invalid Form Body', errors: this.tree };
  }
}

function maxLength(errors: FormErrors, path: Array<string | number>, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

function lengthBetween(
  errors: FormErrors,
  path: Array<string | number>,
  value: unknown,
  min: number,
  max: number,
) {
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (value.length < min || value.length > max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
}

/** Well-known error bodies, for `failNext` and for the fake's own answers. */
export const discordErrors = {
  unauthorized: { message: '401: Unauthorized', code: 0 },
  notFound: { message: '404: Not Found', code: 0 },
  missingAccess: { message: 'Missing Access', code: 50001 },
  missingPermissions: { message: 'Missing Permissions', code: 50013 },
  unknownChannel: { message: 'Unknown Channel', code: 10003 },
  unknownGuild: { message: 'Unknown Guild', code: 10004 },
  unknownMessage: { message: 'Unknown Message', code: 10008 },
  unknownMember: { message: 'Unknown Member', code: 10007 },
  unknownUser: { message: 'Unknown User', code: 10013 },
  unknownWebhook: { message: 'Unknown Webhook', code: 10015 },
  unknownCommand: { message: 'Unknown application command', code: 10063 },
  unknownInteraction: { message: 'Unknown interaction', code: 10062 },
  unknownEvent: { message: 'Unknown Guild Scheduled Event', code: 10070 },
  alreadyAcknowledged: { message: 'Interaction has already been acknowledged.', code: 40060 },
  emptyMessage: { message: 'Cannot send an empty message', code: 50006 },
  cannotEditOthersMessage: { message: 'Cannot edit a message authored by another user', code: 50005 },
  cannotSendToUser: { message: 'Cannot send messages to this user', code: 50007 },
  serverError: { message: '500: Internal Server Error', code: 0 },
  rateLimited: { message: 'You are being rate limited.', retry_after: 1, global: false },
} as const satisfies Record<
  string,
  { message: string; code?: number; retry_after?: number; global?: boolean }
>;

const MESSAGE_FLAG_COMPONENTS_V2 = 1 << 15;

/**
 * Validates a message create/edit body (channel message, interaction callback data, webhook message).
 * `fileCount` counts uploaded files, which make an otherwise empty message valid.
 */
export function validateMessageBody(
  raw: unknown,
  opts: { isEdit: boolean; fileCount: number },
): DiscordErrorBody | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { code: 50109, message: 'The request body contains invalid JSON.' };
  }
  const body = fieldsOf(raw);
  const errors = new FormErrors();
  const componentsV2 = (Number(body.flags ?? 0) & MESSAGE_FLAG_COMPONENTS_V2) !== 0;

  if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
    errors.add(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
  }
  maxLength(errors, ['content'], body.content, 2000);

  const embeds = itemsOf(body.embeds).map(fieldsOf);
  if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let embedChars = 0;
  embeds.forEach((embed, i) => {
    const at = (...rest: Array<string | number>) => ['embeds', i, ...rest];
    const footer = fieldsOf(embed.footer).text;
    const author = fieldsOf(embed.author).name;
    maxLength(errors, at('title'), embed.title, 256);
    maxLength(errors, at('description'), embed.description, 4096);
    maxLength(errors, at('footer', 'text'), footer, 2048);
    maxLength(errors, at('author', 'name'), author, 256);
    const fields = itemsOf(embed.fields).map(fieldsOf);
    if (fields.length > 25)
      errors.add(at('fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, j) => {
      lengthBetween(errors, at('fields', j, 'name'), field.name, 1, 256);
      lengthBetween(errors, at('fields', j, 'value'), field.value, 1, 1024);
      embedChars += textLength(field.name) + textLength(field.value);
    });
    for (const text of [embed.title, embed.description, footer, author]) {
      if (typeof text === 'string') embedChars += text.length;
    }
  });
  if (embedChars > 6000) {
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }

  const components = itemsOf(body.components);
  if (componentsV2) {
    if (typeof body.content === 'string' && body.content.length > 0) {
      errors.add(
        ['content'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
    if (embeds.length > 0) {
      errors.add(
        ['embeds'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
  } else {
    validateActionRows(errors, components);
  }

  if (!opts.isEdit) {
    const hasContent = typeof body.content === 'string' && body.content.trim().length > 0;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    if (
      !hasContent &&
      embeds.length === 0 &&
      components.length === 0 &&
      opts.fileCount === 0 &&
      !hasStickers &&
      !body.poll
    ) {
      return { ...discordErrors.emptyMessage };
    }
  }
  return errors.result();
}

/** The length of a text toward the embed limit (a field that is not text has its own error already). */
function textLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

function validateActionRows(errors: FormErrors, list: unknown[]): void {
  const rows = list.map(fieldsOf);
  if (rows.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const customIds = new Set<string>();
  rows.forEach((row, i) => {
    if (row.type !== 1) {
      errors.add(
        ['components', i, 'type'],
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (1,).',
      );
      return;
    }
    const children = itemsOf(row.components).map(fieldsOf);
    if (children.length < 1 || children.length > 5) {
      errors.add(
        ['components', i, 'components'],
        'BASE_TYPE_BAD_LENGTH',
        'Must be between 1 and 5 in length.',
      );
    }
    const hasSelect = children.some((c) => [3, 5, 6, 7, 8].includes(Number(c.type)));
    if (hasSelect && children.length > 1) {
      errors.add(
        ['components', i, 'components'],
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'The specified component exceeds the maximum width',
      );
    }
    children.forEach((child, j) => {
      const at = (key: string) => ['components', i, 'components', j, key];
      if (typeof child.custom_id === 'string') {
        maxLength(errors, at('custom_id'), child.custom_id, 100);
        if (customIds.has(child.custom_id)) {
          errors.add(
            at('custom_id'),
            'COMPONENT_CUSTOM_ID_DUPLICATED',
            'Component custom id cannot be duplicated',
          );
        }
        customIds.add(child.custom_id);
      }
      if (child.type === 2) {
        maxLength(errors, at('label'), child.label, 80);
        if (child.style === 5) {
          if (typeof child.url !== 'string')
            errors.add(at('url'), 'BASE_TYPE_REQUIRED', 'This field is required');
        } else if (child.style !== 6 && typeof child.custom_id !== 'string') {
          errors.add(at('custom_id'), 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        if (child.label === undefined && child.emoji === undefined) {
          errors.add(
            at('label'),
            'BUTTON_COMPONENT_MISSING_LABEL_OR_EMOJI',
            'Button must have a label or emoji',
          );
        }
      } else if (child.type === 3) {
        maxLength(errors, at('placeholder'), child.placeholder, 150);
        const options = itemsOf(child.options).map(fieldsOf);
        if (options.length < 1 || options.length > 25) {
          errors.add(at('options'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
        }
        options.forEach((option, k) => {
          const path = ['components', i, 'components', j, 'options', k];
          lengthBetween(errors, [...path, 'label'], option.label, 1, 100);
          lengthBetween(errors, [...path, 'value'], option.value, 1, 100);
          maxLength(errors, [...path, 'description'], option.description, 100);
        });
      }
    });
  });
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(
  errors: FormErrors,
  path: Array<string | number>,
  name: unknown,
  lowercase: boolean,
): void {
  if (typeof name !== 'string') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (!COMMAND_NAME.test(name)) {
    errors.add(path, 'STRING_TYPE_REGEX', `String value did not match validation regex.`);
  } else if (lowercase && name !== name.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function validateOptions(errors: FormErrors, path: Array<string | number>, options: unknown): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const names = new Set<unknown>();
  let sawOptional = false;
  options.map(fieldsOf).forEach((option, i) => {
    const at = (...rest: Array<string | number>) => [...path, i, ...rest];
    validateName(errors, at('name'), option.name, true);
    if (names.has(option.name)) {
      errors.add(
        at('name'),
        'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        'Option names must be unique',
      );
    }
    names.add(option.name);
    lengthBetween(errors, at('description'), option.description, 1, 100);
    const isSub = option.type === 1 || option.type === 2;
    if (isSub) {
      validateOptions(errors, at('options'), option.options);
      return;
    }
    if (option.required) {
      if (sawOptional) {
        errors.add(
          at('required'),
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
    } else {
      sawOptional = true;
    }
    if (Array.isArray(option.choices)) {
      const choices = itemsOf(option.choices).map(fieldsOf);
      if (option.autocomplete) {
        errors.add(
          at('autocomplete'),
          'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE',
          'Autocomplete cannot be set with choices',
        );
      }
      if (choices.length > 25)
        errors.add(at('choices'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      choices.forEach((choice, k) => {
        lengthBetween(errors, at('choices', k, 'name'), choice.name, 1, 100);
        if (typeof choice.value === 'string') maxLength(errors, at('choices', k, 'value'), choice.value, 100);
      });
    }
  });
}

/** Validates one application command body; `path` prefixes error paths (bulk PUT uses the index). */
function collectCommandErrors(errors: FormErrors, path: Array<string | number>, raw: unknown): void {
  const command = fieldsOf(raw);
  const type = command.type ?? 1;
  validateName(errors, [...path, 'name'], command.name, type === 1);
  if (type === 1) {
    lengthBetween(errors, [...path, 'description'], command.description, 1, 100);
    validateOptions(errors, [...path, 'options'], command.options);
  } else if (typeof command.description === 'string' && command.description.length > 0) {
    errors.add(
      [...path, 'description'],
      'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
      'Context menu commands cannot have a description',
    );
  }
}

/** Validates a single command (POST/PATCH). */
export function validateCommand(command: unknown): DiscordErrorBody | null {
  if (command === null || typeof command !== 'object' || Array.isArray(command)) {
    return { code: 50109, message: 'The request body contains invalid JSON.' };
  }
  const errors = new FormErrors();
  collectCommandErrors(errors, [], command);
  return errors.result();
}

/** Validates a bulk overwrite (PUT): every command, unique names per type, at most 100 slash commands. */
export function validateCommandList(commands: unknown): DiscordErrorBody | null {
  if (!Array.isArray(commands)) {
    return {
      code: 50035,
      message: 'Invalid Form Body',
      errors: { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] },
    };
  }
  const errors = new FormErrors();
  const seen = new Set<string>();
  const list = itemsOf(commands);
  list.forEach((command, i) => {
    collectCommandErrors(errors, [i], command);
    const { type, name } = fieldsOf(command);
    const key = `${asText(type ?? 1)}:${asText(name)}`;
    if (seen.has(key))
      errors.add(
        [i, 'name'],
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    seen.add(key);
  });
  if (list.filter((c) => (fieldsOf(c).type ?? 1) === 1).length > 100) {
    errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
  return errors.result();
}

/** Validates autocomplete choices (callback type 8). */
export function validateAutocomplete(data: unknown): DiscordErrorBody | null {
  const errors = new FormErrors();
  const choices = fieldsOf(data).choices;
  if (!Array.isArray(choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors.result();
  }
  if (choices.length > 25)
    errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.map(fieldsOf).forEach((choice, i) => {
    lengthBetween(errors, ['data', 'choices', i, 'name'], choice.name, 1, 100);
    if (typeof choice.value === 'string')
      maxLength(errors, ['data', 'choices', i, 'value'], choice.value, 100);
  });
  return errors.result();
}

/** Validates a modal (callback type 9). */
export function validateModal(raw: unknown): DiscordErrorBody | null {
  const errors = new FormErrors();
  const data = fieldsOf(raw);
  lengthBetween(errors, ['data', 'custom_id'], data.custom_id, 1, 100);
  lengthBetween(errors, ['data', 'title'], data.title, 1, 45);
  const components = data.components;
  if (!Array.isArray(components) || components.length < 1 || components.length > 5) {
    errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  }
  return errors.result();
}
