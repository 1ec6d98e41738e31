import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/command.js';
import { commandSetHash } from '../../src/interactions/registration.js';

const withData = (command: Command, data: Command['data']): Command => ({ ...command, data });

describe('commandSetHash', () => {
  it('is the same for the same commands, whatever the order of their keys', () => {
    const reordered = commands.map((command) =>
      withData(command, Object.fromEntries(Object.entries(command.data).reverse()) as Command['data']),
    );
    expect(commandSetHash(reordered)).toBe(commandSetHash(commands));
  });

  it('changes when anything Discord would see changes', () => {
    const [first, ...rest] = commands;
    const changed = [withData(first!, { ...first!.data, description: 'Something else' }), ...rest];
    expect(commandSetHash(changed)).not.toBe(commandSetHash(commands));
    expect(commandSetHash(rest)).not.toBe(commandSetHash(commands));
  });
});
