import type { Launcher } from '../adapters/cli/cli-context.js';
import { chooseDatabase, describeDatabase } from './database-choice.js';
import { serverConfig } from './server-config.js';

// The server and the ORM are loaded when a command needs them, so the other commands start fast.
const loadServer = () => Promise.all([import('./start-server.js'), import('../adapters/logging/logger.js')]);
const loadMigrator = () => import('../adapters/persistence/mikro-orm/migrator.js');

/** The composition root's side of the CLI: commands that build the product call these. */
export const launcher = (env: NodeJS.ProcessEnv): Launcher => ({
  serve: async (flags) => {
    const config = serverConfig(flags, env);
    const [{ startServer }, { createLogger }] = await loadServer();
    const logger = createLogger(config.logLevel);
    const server = await startServer(config, logger);
    const databaseDescription = describeDatabase(config.database);
    // Log lines like any other, so that stdout stays JSON only; the start and stop lines are what
    // an operator looks for, so they are written at every level but `silent`.
    const lifecycle = config.logLevel === 'silent' ? logger : logger.child({}, { level: 'info' });
    lifecycle.info({ url: server.url, database: databaseDescription }, `WhatsNext ${server.url} on ${databaseDescription} (Ctrl-C stops it)`);
    return {
      url: server.url,
      databaseDescription,
      close: async (reason) => {
        lifecycle.info({ reason }, `${reason}: shutting down`);
        await server.close();
        lifecycle.info('stopped');
      },
    };
  },
  migrations: async (flags) => {
    const choice = chooseDatabase(flags.database, env);
    if (choice.kind === 'memory') throw new Error("The memory database keeps no schema to migrate: use --database pglite or a postgres:// URL.");
    const { openMikroOrmMigrator } = await loadMigrator();
    const migrator = await openMikroOrmMigrator(choice.kind === 'postgres' ? { kind: 'postgres', url: choice.url, poolSize: 2 } : choice);
    return {
      databaseDescription: describeDatabase(choice),
      known: () => migrator.known(),
      upgrade: (target) => migrator.upgradeTo(target),
      revertTo: (target) => migrator.revertTo(target),
      stamp: (target) => migrator.stamp(target),
      status: () => migrator.status(),
      history: () => migrator.history(),
      close: () => migrator.close(),
    };
  },
});
