/**
 * Run through tsx before `npm start`, `start:sharded` and `deploy-commands` compile to dist/: checks `.env` and
 * the environment as the entry point named in argv[2] will, so a missing token is said at once, not after tsc.
 * It also makes tsc build again when a compiled file went missing from dist/ (see src/build-info.ts).
 */
import { forgetStaleBuildInfo } from './build-info.js';
import { exitWithStartFailure, loadConfig, loadDotEnv, loadShardConfig, PROJECT_ROOT } from './config.js';

const entry = process.argv[2];
forgetStaleBuildInfo(PROJECT_ROOT);
try {
  loadDotEnv();
  if (entry === 'shard') {
    loadConfig(process.env, { shardingManager: true });
    loadShardConfig(process.env);
  } else {
    loadConfig(process.env);
  }
} catch (error) {
  exitWithStartFailure(entry === 'deploy-commands' ? 'deploy-commands' : 'purple-hearts-bot', error);
}
