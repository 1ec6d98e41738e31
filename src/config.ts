/**
 * The bot's configuration, read once from the environment at start-up and validated into a typed object.
 * Every failure is a {@link ConfigError} whose message is one line a server owner can act on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  discordToken: string;
  /** REST base without the version segment, e.g. https://discord.com/api. */
  discordApiUrl: string;
  /** sqlite:// with an absolute path, redis://, rediss://, postgres:// or postgresql:// (see {@link storeKind}). */
  storeUrl: string;
  /** Register commands to this guild only (instant updates while developing). */
  devGuildId: string | undefined;
  logLevel: LogLevel;
  /** The operator's own server, where `/operator` is registered (and nowhere else); none: no operator commands. */
  operatorGuildId?: string;
  /** Who may use `/operator`; none: the application's owner or its team's members, as Discord reports them. */
  operatorUserIds?: readonly string[];
  /** The shard this process runs (see {@link shardFromEnvironment}). */
  shard: ShardPosition;
  /**
   * How long a release announcement (and the reminders that follow a change) waits for corrections, in ms
   * (ANNOUNCE_DELAY_SECONDS): changes made within it are announced once. Every process of one bot uses the same.
   */
  announceDelayMs: number;
}

/** Which shard a process runs, and of how many: decides which per-shard records it keeps. */
export interface ShardPosition {
  id: number;
  count: number;
}

/**
 * The shard of a process started by discord.js's ShardingManager (`npm run start:sharded`), which hands each its
 * shard in SHARDS and SHARD_COUNT; otherwise shard 0 of 1 (`npm start`: one process runs every server).
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv): ShardPosition {
  if (env.SHARDING_MANAGER !== undefined && env.SHARDS !== undefined && env.SHARD_COUNT !== undefined) {
    const id = Number(env.SHARDS);
    const count = Number(env.SHARD_COUNT);
    if (Number.isInteger(id) && Number.isInteger(count) && id >= 0 && id < count) return { id, count };
  }
  return { id: 0, count: 1 };
}

/** The project folder: content and the default SQLite file live under it, whatever the working directory. */
export const PROJECT_ROOT = findProjectRoot(fileURLToPath(new URL('.', import.meta.url)));

/** The nearest folder above `from` with a package.json: src/ under tsx, dist/src/ once built. */
function findProjectRoot(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) return path.resolve(from, '..');
  }
}
export const DEFAULT_API_URL = 'https://discord.com/api';
export const DEFAULT_STORE_URL = 'sqlite://data/purple-hearts.sqlite';
/** ANNOUNCE_DELAY_SECONDS when unset: three minutes, time enough to correct a typo. */
export const DEFAULT_ANNOUNCE_DELAY_SECONDS = 180;
/** The longest ANNOUNCE_DELAY_SECONDS: an hour. */
export const MAX_ANNOUNCE_DELAY_SECONDS = 3600;

/** An expected start-up failure: printed as one line, exit code 1, no stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Ends an entry point (`npm start`, `start:sharded`, `deploy-commands`) that failed: a {@link ConfigError} is one
 * line saying what to fix; anything else is unexpected and keeps its stack.
 */
export function exitWithStartFailure(program: string, error: unknown): never {
  if (error instanceof ConfigError) console.error(`${program}: ${error.message}`);
  else console.error(`${program}: could not start:`, error);
  process.exit(1);
}

const SNOWFLAKE = /^\d{17,20}$/;
const WHOLE_NUMBER = /^\d+$/;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Set by the sharding manager (src/shard.ts), which reads SHARD_COUNT and SHARD_IDS itself. Otherwise they are
   * checked here: discord.js's Client reads SHARD_COUNT from the environment too, and `npm start` runs every shard.
   */
  shardingManager?: boolean;
}

/** Validates `env` (normally `process.env`) and returns the typed config, or throws a {@link ConfigError}. */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): Config {
  const value = (name: string): string | undefined => trimmed(env, name);

  const discordToken = value('DISCORD_TOKEN');
  if (discordToken === undefined) {
    throw new ConfigError(
      'DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications (Bot > Reset Token), ' +
        'then put DISCORD_TOKEN=<your token> in the .env file next to package.json (see .env.example).',
    );
  }
  if (/\s/.test(discordToken) || discordToken.startsWith('Bot ')) {
    throw new ConfigError(
      'DISCORD_TOKEN looks wrong: paste the token alone, without "Bot " in front and without spaces (see .env.example).',
    );
  }

  const discordApiUrl = (value('DISCORD_API_URL') ?? DEFAULT_API_URL).replace(/\/+$/, '');
  if (!isHttpUrl(discordApiUrl)) {
    throw new ConfigError(
      `DISCORD_API_URL must be an http(s) URL such as ${DEFAULT_API_URL}; got "${discordApiUrl}".`,
    );
  }

  const storeUrl = resolveStoreUrl(value('STORE_URL') ?? DEFAULT_STORE_URL);
  // A shard process started by discord.js's ShardingManager gets SHARDS and SHARD_COUNT from it; nothing to check.
  if (options.shardingManager !== true && env.SHARDING_MANAGER === undefined) checkSingleProcessShards(env);

  const devGuildId = value('DEV_GUILD_ID');
  if (devGuildId !== undefined && !SNOWFLAKE.test(devGuildId)) {
    throw new ConfigError(
      `DEV_GUILD_ID must be a server id (17 to 20 digits: right-click the server > Copy Server ID); got "${devGuildId}".`,
    );
  }

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!isLogLevel(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);
  }

  const operatorGuildId = value('OPERATOR_GUILD_ID');
  if (operatorGuildId !== undefined && !SNOWFLAKE.test(operatorGuildId)) {
    throw new ConfigError(
      `OPERATOR_GUILD_ID must be a server id (17 to 20 digits: right-click the server > Copy Server ID); got "${operatorGuildId}".`,
    );
  }
  const operatorIdsText = value('OPERATOR_USER_IDS');
  const operatorUserIds = operatorIdsText?.split(',').map((id) => id.trim());
  if (operatorUserIds !== undefined && !operatorUserIds.every((id) => SNOWFLAKE.test(id))) {
    throw new ConfigError(
      `OPERATOR_USER_IDS must be user ids separated by commas (right-click a user > Copy User ID); got "${operatorIdsText}".`,
    );
  }

  const delayText = value('ANNOUNCE_DELAY_SECONDS') ?? String(DEFAULT_ANNOUNCE_DELAY_SECONDS);
  const announceDelaySeconds = WHOLE_NUMBER.test(delayText) ? Number(delayText) : Number.NaN;
  if (!Number.isSafeInteger(announceDelaySeconds) || announceDelaySeconds > MAX_ANNOUNCE_DELAY_SECONDS) {
    throw new ConfigError(
      `ANNOUNCE_DELAY_SECONDS must be a whole number of seconds from 0 to ${MAX_ANNOUNCE_DELAY_SECONDS} ` +
        `(default ${DEFAULT_ANNOUNCE_DELAY_SECONDS}), the same for every process of the bot; got "${delayText}".`,
    );
  }

  return {
    discordToken,
    discordApiUrl,
    storeUrl,
    devGuildId,
    logLevel,
    ...(operatorGuildId !== undefined ? { operatorGuildId } : {}),
    ...(operatorUserIds !== undefined ? { operatorUserIds } : {}),
    shard: shardFromEnvironment(env),
    announceDelayMs: announceDelaySeconds * 1000,
  };
}

function trimmed(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === '' ? undefined : raw;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isLogLevel(text: string): text is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(text);
}

/** The kinds of store, by URL scheme. */
export type StoreKind = 'sqlite' | 'redis' | 'postgres';

const STORE_SCHEMES: Readonly<Record<string, StoreKind>> = {
  'sqlite:': 'sqlite',
  'redis:': 'redis',
  'rediss:': 'redis',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
};

/** Which store a STORE_URL names, from its scheme; undefined for anything else. */
export function storeKind(url: string): StoreKind | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined ? undefined : STORE_SCHEMES[scheme];
}

const STORE_FORMS =
  'sqlite://data/purple-hearts.sqlite (the default: a file), redis://[:password@]host[:port][/db] or rediss:// (TLS), ' +
  'or postgresql://user:password@host[:port]/database (postgres:// also works)';

/**
 * Accepts `sqlite://relative/or/absolute.sqlite` (relative paths are taken from the project folder), and Redis
 * and PostgreSQL server URLs, which are passed on as they are.
 */
function resolveStoreUrl(url: string): string {
  const kind = storeKind(url);
  if (kind === undefined) {
    throw new ConfigError(`STORE_URL must look like ${STORE_FORMS}; got "${redactUrl(url)}".`);
  }
  if (kind === 'sqlite') {
    const file = url.slice(url.indexOf('//') + 2);
    if (file === '')
      throw new ConfigError(`STORE_URL names no SQLite file: use ${DEFAULT_STORE_URL} or similar.`);
    return `sqlite://${path.isAbsolute(file) ? file : path.join(PROJECT_ROOT, file)}`;
  }
  let host = '';
  try {
    const parsed = new URL(url);
    // The clients decode these, and fail on a stray % (a password with % or @ must be percent-encoded).
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
    host = parsed.hostname;
  } catch {
    // Reported below.
  }
  if (host === '') {
    throw new ConfigError(
      `STORE_URL is not a valid ${kind === 'redis' ? 'Redis' : 'PostgreSQL'} URL (no host, or a character that ` +
        `needs percent-encoding, such as @ or / in the password); expected ${STORE_FORMS}; got "${redactUrl(url)}".`,
    );
  }
  return url;
}

/**
 * Hides a password in a URL so it can be shown in an error: `redis://:secret@host` and `postgres://me:secret@host`
 * become `redis://:***@host` and `postgres://me:***@host`. Everything up to the last @ counts as the password.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):(.*)@(?=[^@]*$)/i, '$1:***@');
}

// ---------------------------------------------------------------------------------------------------------------
// Sharding

/** What `npm run start:sharded` (src/shard.ts) starts. */
export interface ShardConfig {
  /** Shards in total across every machine, or 'auto' for Discord's recommendation. */
  count: number | 'auto';
  /** The shards this machine runs; undefined for all of them. */
  ids: number[] | undefined;
}

/** Validates SHARD_COUNT (auto or a number, default auto) and SHARD_IDS (a comma list, needs a SHARD_COUNT). */
export function loadShardConfig(env: NodeJS.ProcessEnv): ShardConfig {
  const countText = (trimmed(env, 'SHARD_COUNT') ?? 'auto').toLowerCase();
  let count: number | 'auto' = 'auto';
  if (countText !== 'auto') {
    count = WHOLE_NUMBER.test(countText) ? Number(countText) : Number.NaN;
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new ConfigError(
        `SHARD_COUNT must be auto (Discord's recommendation) or the total number of shards, 1 or more; got "${countText}".`,
      );
    }
  }

  const idsText = trimmed(env, 'SHARD_IDS');
  if (idsText === undefined) return { count, ids: undefined };
  const parts = idsText.split(',').map((part) => part.trim());
  if (!parts.every((part) => WHOLE_NUMBER.test(part))) {
    throw new ConfigError(`SHARD_IDS must be shard ids separated by commas, such as 0,1; got "${idsText}".`);
  }
  const ids = parts.map(Number);
  if (count === 'auto') {
    throw new ConfigError(
      'SHARD_IDS needs SHARD_COUNT set to the total number of shards across all machines, ' +
        'the same on each (for example SHARD_IDS=0,1 and SHARD_COUNT=4 here, SHARD_IDS=2,3 and SHARD_COUNT=4 on the other).',
    );
  }
  const outside = ids.find((id) => id >= count);
  if (outside !== undefined) {
    throw new ConfigError(
      `SHARD_IDS has ${outside}, but with SHARD_COUNT=${count} shard ids go from 0 to ${count - 1}.`,
    );
  }
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new ConfigError(`SHARD_IDS lists shard ${twice} twice.`);
  return { count, ids };
}

/**
 * `npm start` runs one process with every shard. discord.js's Client reads SHARD_COUNT from the environment, and
 * knows nothing of SHARD_IDS: a machine's SHARD_IDS would be ignored and its shards run twice across machines.
 */
function checkSingleProcessShards(env: NodeJS.ProcessEnv): void {
  if (trimmed(env, 'SHARD_IDS') !== undefined) {
    throw new ConfigError(
      'SHARD_IDS is set, but npm start runs every shard in one process: start this machine with npm run start:sharded, or remove SHARD_IDS.',
    );
  }
  const count = env.SHARD_COUNT;
  if (count !== undefined && !(WHOLE_NUMBER.test(count.trim()) && Number(count) >= 1)) {
    throw new ConfigError(
      `SHARD_COUNT="${count}" only works with npm run start:sharded; for npm start remove the SHARD_COUNT line ` +
        '(npm start then runs one shard) or set the number of shards to run in this one process.',
    );
  }
}

/** Reads `.env` from the working folder into `process.env` when there is one (variables already set win). */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
