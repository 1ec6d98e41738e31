import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { startBotProcess } from '../support/bot-process.js';
import { FakeDiscord } from '../support/fake-discord.js';

/** A script of the bot in an empty folder (no developer's .env): TypeScript through tsx, or compiled from dist/. */
const startProcess = (env: Record<string, string>, cwd: string, script = 'src/index.ts') =>
  startBotProcess(script, env, cwd);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-process-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A fake Discord, and the bot's `script` started against it with a store in a temporary folder. */
async function startAgainstFake(script: string) {
  const fake = await FakeDiscord.start();
  cleanups.push(() => fake.close());
  const folder = await tempFolder();
  const run = startProcess(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
    },
    folder,
    script,
  );
  cleanups.push(() => Promise.resolve(run.child.kill('SIGKILL')));
  return { fake, run };
}

describe('npm start', () => {
  it(
    'builds dist/ with tsc, and the compiled bot logs in and answers /cast',
    { timeout: 90_000 },
    async () => {
      const build = spawn('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
      expect(await new Promise((resolve) => build.on('exit', resolve))).toBe(0);

      const { fake, run } = await startAgainstFake('dist/src/index.js');
      await expect.poll(() => run.stdout(), { timeout: 20_000 }).toContain('"msg":"commands"');
      const detail = await fake.chatInput({
        name: 'cast',
        options: [{ name: 'person', type: 3, value: 'cassie' }],
      });
      expect(detail.reply.data?.embeds?.[0]?.title).toBe('Sofia Carson');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain('"msg":"stopped"');
    },
  );

  it('without a token prints one line on how to get one and exits 1', async () => {
    const run = startProcess({}, await tempFolder());
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN is not set: create a bot at https:\/\/discord\.com\/developers/);
    expect(run.stdout()).toBe('');
  });

  it('logs in, registers its commands, answers /cast and stops cleanly on SIGTERM', async () => {
    const { fake, run } = await startAgainstFake('src/index.ts');
    await expect.poll(() => run.stdout(), { timeout: 20_000 }).toContain('"msg":"commands"');
    expect(fake.commandWrites()).toHaveLength(1);

    const overview = await fake.chatInput({ name: 'cast' });
    expect(overview.reply.data?.embeds?.[0]?.fields).toHaveLength(5);
    const detail = await fake.chatInput({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'cassie' }],
    });
    expect(detail.reply.data?.embeds?.[0]?.title).toBe('Sofia Carson');
    const suggestions = await fake.autocomplete({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'idris', focused: true }],
    });
    expect(suggestions.reply.data?.choices?.[0]?.value).toBe('idris-elba');

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('"msg":"stopped"');
    expect(run.stdout()).not.toContain(fake.token);
  });
});

describe('npm run deploy-commands', () => {
  it('bulk-overwrites the global commands, and the bot then finds nothing to register', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.close());
    const folder = await tempFolder();
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
    };
    const deploy = startProcess(env, folder, 'src/deploy-commands.ts');
    expect(await deploy.exited).toBe(0);
    expect(deploy.stdout()).toMatch(/^Registered \d+ command\(s\) globally: \/cast /);
    expect(fake.commandWrites().map((write) => write.method)).toEqual(['PUT']);

    const bot = startProcess(env, folder);
    cleanups.push(() => Promise.resolve(bot.child.kill('SIGKILL')));
    await expect.poll(() => bot.stdout(), { timeout: 20_000 }).toContain('"registration":"unchanged"');
    expect(fake.commandWrites()).toHaveLength(1);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });
});
