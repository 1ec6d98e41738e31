/**
 * Loaded into both bot processes with `--import` (never by the bot itself): on SIGUSR2 it runs a full garbage
 * collection (the process is started with --expose-gc) and prints process.memoryUsage() on stderr, so memory is
 * compared after the same clean-up in both bots.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  process.stderr.write(`BENCH_MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
