import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import type { CliContext } from '../cli-context.js';
import { untilSignal } from '../until-signal.js';

export class ServerCommand extends Command<CliContext> {
  static override paths = [['server']];

  static override usage = Command.Usage({
    description: 'Run the REST API server',
    details: `
      Serves the WhatsNext REST API (wire-compatible with the original WhatsNext client and CLI).
      With no database configured it uses the embedded PGlite store in \`WHATSNEXT_DATA_DIR\`
      (default \`./.whatsnext/data\`, or \`./.whatsnext-data\` where \`./.whatsnext\` is a configuration
      file); set \`DATABASE_URL=postgres://…\` for a PostgreSQL server.
      Migrations run at start. SIGINT or SIGTERM stops it gracefully: it stops accepting, lets
      requests in flight finish and closes the database. Everything it prints is a JSON log line
      (pino) on stdout, the address it serves on included.

      Environment: \`WHATSNEXT_HOST\`, \`WHATSNEXT_PORT\`, \`DATABASE_URL\`, \`WHATSNEXT_DATA_DIR\`,
      \`WHATSNEXT_LEASE_SECONDS\`, \`WHATSNEXT_API_KEYS\`, \`WHATSNEXT_RATE_LIMIT\`,
      \`WHATSNEXT_CORS_ORIGINS\`, \`WHATSNEXT_BODY_LIMIT\`, \`WHATSNEXT_TRUST_PROXY\`, \`WHATSNEXT_LOG_LEVEL\`.
    `,
    examples: [
      ['Serve on 127.0.0.1:8000 with the embedded database', 'whatsnext server'],
      ['Serve on every interface, port 9000', 'whatsnext server --host 0.0.0.0 --port 9000'],
      ['Serve on a PostgreSQL server', 'DATABASE_URL=postgres://user@db.example/whatsnext whatsnext server'],
    ],
  });

  host = Option.String('--host', { description: 'Address to listen on (default 127.0.0.1)' });
  port = Option.String('-p,--port', { description: 'Port to listen on (default 8000)', validator: t.cascade(t.isNumber(), [t.isInteger(), t.isInInclusiveRange(0, 65535)]) });
  database = Option.String('--database', { description: "'memory', 'pglite', or a postgres:// URL (default: DATABASE_URL, else PGlite)" });

  async execute(): Promise<number> {
    const handle = await this.context.launcher.serve({ host: this.host, port: this.port, database: this.database });
    await handle.close(await untilSignal());
    return 0;
  }
}
