import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/keyed-lock.js';
import { GameStore } from '../../src/trivia/game-store.js';
import { activeGamesKey, gameKey } from '../../src/trivia/keys.js';
import { MemoryStore } from '../support/memory-store.js';

const GUILD = '100';

function storeAndGames(): { store: MemoryStore; games: GameStore; lost: unknown[] } {
  const store = new MemoryStore();
  const lost: unknown[] = [];
  return { store, games: new GameStore(store, new KeyedLock(), (error) => lost.push(error)), lost };
}

describe('GameStore', () => {
  it('lists each channel once in its server index and deletes the index with its last channel', async () => {
    const { store, games } = storeAndGames();
    await Promise.all([
      games.addToIndex(GUILD, 'a'),
      games.addToIndex(GUILD, 'b'),
      games.addToIndex(GUILD, 'a'),
    ]);
    expect((await games.activeChannels(GUILD)).sort()).toEqual(['a', 'b']);

    await games.removeFromIndex(GUILD, 'a');
    expect(await games.activeChannels(GUILD)).toEqual(['b']);
    await games.removeFromIndex(GUILD, 'b');
    expect(store.data.has(activeGamesKey(GUILD))).toBe(false);
  });

  it('finds the open games of many servers, leaving out whatever in an index is not a channel id', async () => {
    const { store, games } = storeAndGames();
    const guilds = Array.from({ length: 1_200 }, (_, index) => `g${index}`);
    store.data.set(activeGamesKey('g3'), ['c1', 42, 'c2']);
    store.data.set(activeGamesKey('g1100'), ['c9']);
    store.data.set(activeGamesKey('g7'), 'not a list');

    const found = [];
    for await (const open of games.openGames(guilds)) found.push(open);
    expect(found).toEqual([
      { guildId: 'g3', channelId: 'c1' },
      { guildId: 'g3', channelId: 'c2' },
      { guildId: 'g1100', channelId: 'c9' },
    ]);
  });

  it('reads nothing from a key that holds something other than a game', async () => {
    const { store, games } = storeAndGames();
    const key = gameKey(GUILD, 'a');
    store.data.set(key, { version: 2, id: 'x' });
    expect(await games.load(key)).toBeUndefined();
    expect(await games.read(GUILD, 'a')).toBeUndefined();
    await games.deleteRaw(key);
    expect(store.data.has(key)).toBe(false);
  });
});
