import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_API_URL,
  loadConfig,
  loadShardConfig,
  PROJECT_ROOT,
  redactUrl,
  shardFromEnvironment,
  storeKind,
} from '../src/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token-for-tests';

describe('loadConfig', () => {
  it('fills in defaults when only the token is given', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(config).toEqual({
      discordToken: TOKEN,
      discordApiUrl: DEFAULT_API_URL,
      storeUrl: `sqlite://${path.join(PROJECT_ROOT, 'data/purple-hearts.sqlite')}`,
      devGuildId: undefined,
      logLevel: 'info',
      shard: { id: 0, count: 1 },
      announceDelayMs: 180_000,
    });
  });

  it('takes the shard discord.js hands a shard process, and shard 0 of 1 otherwise', () => {
    const sharded = { DISCORD_TOKEN: TOKEN, SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '4' };
    expect(loadConfig(sharded).shard).toEqual({ id: 2, count: 4 });
    expect(shardFromEnvironment({ SHARD_COUNT: '4' })).toEqual({ id: 0, count: 1 });
    expect(shardFromEnvironment({ SHARDING_MANAGER: 'true', SHARDS: '4', SHARD_COUNT: '4' })).toEqual({
      id: 0,
      count: 1,
    });
    expect(shardFromEnvironment({})).toEqual({ id: 0, count: 1 });
  });

  it('explains where to get a token when it is missing or blank', () => {
    for (const env of [{}, { DISCORD_TOKEN: '   ' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/discord\.com\/developers\/applications.*\.env/);
    }
  });

  it('refuses a token pasted with the "Bot " prefix', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: `Bot ${TOKEN}` })).toThrow(/without "Bot "/);
  });

  it('accepts a REST base for a proxy or a fake Discord and drops a trailing slash', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'http://127.0.0.1:8080/api/' });
    expect(config.discordApiUrl).toBe('http://127.0.0.1:8080/api');
  });

  it('refuses a REST base that is not an http URL', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'ftp://example' })).toThrow(
      /DISCORD_API_URL/,
    );
  });

  it('keeps absolute SQLite paths and resolves relative ones from the project folder', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: 'sqlite:///tmp/x.sqlite' }).storeUrl).toBe(
      'sqlite:///tmp/x.sqlite',
    );
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: 'sqlite://db/x.sqlite' }).storeUrl).toBe(
      `sqlite://${path.join(PROJECT_ROOT, 'db/x.sqlite')}`,
    );
  });

  it('refuses an unsupported store without echoing its password', () => {
    const attempt = () => loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: 'mysql://bot:hunter2@db/bot' });
    expect(attempt).toThrow(/STORE_URL/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('accepts a server id for DEV_GUILD_ID and refuses anything else', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DEV_GUILD_ID: '123456789012345678' }).devGuildId).toBe(
      '123456789012345678',
    );
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, DEV_GUILD_ID: 'my-server' })).toThrow(/DEV_GUILD_ID/);
  });

  it('accepts log levels in any case and refuses unknown ones', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
  });
});

describe('ANNOUNCE_DELAY_SECONDS', () => {
  const delayOf = (value: string) => loadConfig({ DISCORD_TOKEN: TOKEN, ANNOUNCE_DELAY_SECONDS: value });

  it('is three minutes when unset or blank', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).announceDelayMs).toBe(180_000);
    expect(delayOf('  ').announceDelayMs).toBe(180_000);
  });

  it('takes whole seconds from 0 to an hour', () => {
    expect(delayOf('20').announceDelayMs).toBe(20_000);
    expect(delayOf(' 0 ').announceDelayMs).toBe(0);
    expect(delayOf('3600').announceDelayMs).toBe(3_600_000);
  });

  it('refuses anything else with one line saying what it takes', () => {
    for (const value of ['3601', '-5', '2.5', '3m', 'soon', '99999999999999999999']) {
      const attempt = () => delayOf(value);
      expect(attempt, value).toThrow(ConfigError);
      expect(attempt, value).toThrow(
        `ANNOUNCE_DELAY_SECONDS must be a whole number of seconds from 0 to 3600 (default 180), ` +
          `the same for every process of the bot; got "${value}".`,
      );
    }
  });
});

describe('STORE_URL', () => {
  it('accepts Redis and PostgreSQL servers and passes their URLs on unchanged', () => {
    for (const url of [
      'redis://127.0.0.1:6379',
      'redis://:secret@cache.internal:6380/2',
      'rediss://default:secret@redis.example.com:6380',
      'postgres://bot:secret@db.internal/purple_hearts',
      'postgresql://bot:secret@db.internal:5433/purple_hearts?sslmode=require',
    ]) {
      expect(loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: url }).storeUrl).toBe(url);
    }
  });

  it('tells which kind of store a URL names', () => {
    expect(storeKind('sqlite:///tmp/x.sqlite')).toBe('sqlite');
    expect(storeKind('redis://h')).toBe('redis');
    expect(storeKind('rediss://h')).toBe('redis');
    expect(storeKind('postgres://h/db')).toBe('postgres');
    expect(storeKind('postgresql://h/db')).toBe('postgres');
    expect(storeKind('mysql://h/db')).toBeUndefined();
    expect(storeKind('data/x.sqlite')).toBeUndefined();
  });

  it('refuses anything else in one line that lists the accepted forms', () => {
    for (const url of [
      'mysql://bot:hunter2@db/bot',
      'https://example.com',
      'data/purple-hearts.sqlite',
      'redis:6379',
    ]) {
      const attempt = () => loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: url });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(
        /^STORE_URL must look like sqlite:\/\/.*redis:\/\/.*rediss:\/\/.*postgresql:\/\/.*postgres:\/\//,
      );
      expect(attempt).not.toThrow(/hunter2|\n/);
    }
  });

  it('refuses a server URL without a host, or one that does not parse, without echoing its password', () => {
    for (const url of [
      'redis://',
      'postgresql:///db',
      'redis://:pa%ss@cache:6379',
      'postgresql://bot:pw@db:port/x',
    ]) {
      const attempt = () => loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: url });
      expect(attempt).toThrow(/^STORE_URL is not a valid (Redis|PostgreSQL) URL/);
      expect(attempt).not.toThrow(/pa%ss|:pw@/);
    }
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, STORE_URL: 'sqlite://' })).toThrow(
      /names no SQLite file/,
    );
  });

  it('hides passwords, with or without a user name', () => {
    expect(redactUrl('redis://:hunter2@cache:6379/0')).toBe('redis://:***@cache:6379/0');
    expect(redactUrl('postgresql://bot:hunter2@db/bot')).toBe('postgresql://bot:***@db/bot');
    expect(redactUrl('postgres://bot:hun@ter2@db/bot')).toBe('postgres://bot:***@db/bot');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
    expect(redactUrl('sqlite:///srv/bot/data.sqlite')).toBe('sqlite:///srv/bot/data.sqlite');
  });
});

describe('SHARD_COUNT and SHARD_IDS', () => {
  it('default to every shard of what Discord recommends', () => {
    expect(loadShardConfig({})).toEqual({ count: 'auto', ids: undefined });
    expect(loadShardConfig({ SHARD_COUNT: ' AUTO ', SHARD_IDS: '' })).toEqual({
      count: 'auto',
      ids: undefined,
    });
  });

  it('take a number of shards and the ids this machine runs', () => {
    expect(loadShardConfig({ SHARD_COUNT: '4' })).toEqual({ count: 4, ids: undefined });
    expect(loadShardConfig({ SHARD_COUNT: '4', SHARD_IDS: '2, 3' })).toEqual({ count: 4, ids: [2, 3] });
    expect(loadShardConfig({ SHARD_COUNT: '2', SHARD_IDS: '1' })).toEqual({ count: 2, ids: [1] });
  });

  it('refuse what cannot work, in one line each', () => {
    const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
      [{ SHARD_COUNT: '0' }, /^SHARD_COUNT must be auto .* got "0"/],
      [{ SHARD_COUNT: 'two' }, /^SHARD_COUNT must be auto/],
      [{ SHARD_COUNT: '1.5' }, /^SHARD_COUNT must be auto/],
      [
        { SHARD_IDS: '0,1' },
        /^SHARD_IDS needs SHARD_COUNT set to the total number of shards across all machines/,
      ],
      [{ SHARD_COUNT: '4', SHARD_IDS: '0;1' }, /^SHARD_IDS must be shard ids separated by commas/],
      [{ SHARD_COUNT: '4', SHARD_IDS: '0,,1' }, /^SHARD_IDS must be shard ids separated by commas/],
      [{ SHARD_COUNT: '4', SHARD_IDS: '-1' }, /^SHARD_IDS must be shard ids separated by commas/],
      [
        { SHARD_COUNT: '2', SHARD_IDS: '1,2' },
        /^SHARD_IDS has 2, but with SHARD_COUNT=2 shard ids go from 0 to 1/,
      ],
      [{ SHARD_COUNT: '4', SHARD_IDS: '1,1' }, /^SHARD_IDS lists shard 1 twice/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadShardConfig(env)).toThrow(ConfigError);
      expect(() => loadShardConfig(env)).toThrow(message);
      expect(() => loadShardConfig(env)).not.toThrow(/\n/);
    }
  });

  it('are refused by npm start, which runs every shard in one process, unless a plain number', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, SHARD_IDS: '1', SHARD_COUNT: '2' })).toThrow(
      /^SHARD_IDS is set, but npm start runs every shard in one process: .*npm run start:sharded/,
    );
    // discord.js's Client reads SHARD_COUNT itself and throws on anything but a number.
    for (const count of ['auto', '', 'x']) {
      expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, SHARD_COUNT: count })).toThrow(
        /^SHARD_COUNT=".*" only works with npm run start:sharded/,
      );
    }
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, SHARD_COUNT: '2' })).not.toThrow();
  });

  it('are left to the sharding manager, and to discord.js in the shard processes it starts', () => {
    const env = { DISCORD_TOKEN: TOKEN, SHARD_IDS: '1', SHARD_COUNT: 'auto' };
    expect(() => loadConfig(env, { shardingManager: true })).not.toThrow();
    expect(() =>
      loadConfig({ ...env, SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' }),
    ).not.toThrow();
  });
});
