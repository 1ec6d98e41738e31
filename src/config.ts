/**
 * The bot's configuration, read once from the environment at start-up and validated into a typed object.
 * Every failure is a {@link ConfigError} whose message is one line a server owner can act on.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  discordToken: string;
  /** REST base without the version segment, e.g. https://discord.com/api. */
  discordApiUrl: string;
  /** A store URL with an absolute path for SQLite. */
  storeUrl: string;
  /** Register commands to this guild only (instant updates while developing). */
  devGuildId: string | undefined;
  logLevel: LogLevel;
}

/** The project folder: content and the default SQLite file live under it, whatever the working directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_API_URL = 'https://discord.com/api';
export const DEFAULT_STORE_URL = 'sqlite://data/purple-hearts.sqlite';

/** An expected start-up failure: printed as one line, exit code 1, no stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SNOWFLAKE = /^\d{17,20}$/;

/** Validates `env` (normally `process.env`) and returns the typed config, or throws a {@link ConfigError}. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };

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

  return { discordToken, discordApiUrl, storeUrl, devGuildId, logLevel };
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

/** Accepts `sqlite://relative/or/absolute.sqlite`; relative paths are taken from the project folder. */
function resolveStoreUrl(url: string): string {
  const match = /^sqlite:\/\/(.+)$/.exec(url);
  if (match?.[1] === undefined) {
    throw new ConfigError(
      `STORE_URL must look like sqlite://data/purple-hearts.sqlite (the only store this version supports); got "${redactUrl(url)}".`,
    );
  }
  const file = match[1];
  return `sqlite://${path.isAbsolute(file) ? file : path.join(PROJECT_ROOT, file)}`;
}

/** Hides a password in a URL so it can be shown in an error. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
