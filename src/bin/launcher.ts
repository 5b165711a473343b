import type { Launcher } from '../adapters/cli/cli-context.js';
import { createLogger } from '../adapters/logging/logger.js';
import { describeDatabase } from './database-choice.js';
import { serverConfig } from './server-config.js';
import { startServer } from './start-server.js';

/** The composition root's side of the CLI: commands that build the product call these. */
export const launcher = (env: NodeJS.ProcessEnv): Launcher => ({
  serve: async (flags) => {
    const config = serverConfig(flags, env);
    const server = await startServer(config, createLogger(config.logLevel));
    return { url: server.url, databaseDescription: describeDatabase(config.database), close: () => server.close() };
  },
});
