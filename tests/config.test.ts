import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_API_URL, loadConfig, PROJECT_ROOT } from '../src/config.js';

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
    });
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
