/**
 * Preloaded (`--import`) into every shard process that src/shard.ts starts, before src/index.ts.
 *
 * A shard process talks to its manager over an IPC channel. When the manager goes away without stopping its
 * shards (killed, or crashed), the channel closes: the shard then stops as on SIGTERM, instead of living on as an
 * orphan whose gateway session would answer alongside the shards of the next start.
 */
process.once('disconnect', () => {
  process.kill(process.pid, 'SIGTERM');
});

// While it stops, discord.js keeps reporting the shard's status to the manager; with the channel closed, Node
// reports each such message as an 'error' event, which would crash the process before the store is closed.
process.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ERR_IPC_CHANNEL_CLOSED') throw error;
});

export {};
