import { Command, Option } from 'clipanion';
import type { CliContext, SchemaMigrations } from '../cli-context.js';
import { jsonLine } from './json-output.js';
import { colorsFor, type Colors } from './terminal.js';

/** A `db` command: opens the database as the server would (`--database`, DATABASE_URL, WHATSNEXT_DATA_DIR) and closes it after. */
export abstract class DatabaseCommand extends Command<CliContext> {
  database = Option.String('--database', { description: "'pglite' or a postgres:// URL (default: DATABASE_URL, else PGlite in WHATSNEXT_DATA_DIR, ./.whatsnext/data or, beside a .whatsnext file, ./.whatsnext-data)" });
  json = Option.Boolean('--json', false, { description: 'Print machine-readable JSON' });

  protected abstract run(migrations: SchemaMigrations): Promise<number>;

  async execute(): Promise<number> {
    const migrations = await this.context.launcher.migrations({ database: this.database });
    try {
      return await this.run(migrations);
    } finally {
      await migrations.close();
    }
  }

  protected get colors(): Colors {
    return colorsFor(this.context);
  }

  protected write(text: string): void {
    this.context.stdout.write(text);
  }

  protected writeJson(value: unknown): void {
    this.context.stdout.write(jsonLine(value));
  }
}

const DATABASE_DETAILS = `
  The database is chosen as \`whatsnext server\` chooses it: \`--database\`, else \`DATABASE_URL\`,
  else PGlite in \`WHATSNEXT_DATA_DIR\` (default \`./.whatsnext/data\`; \`./.whatsnext-data\` where \`./.whatsnext\` is a configuration
  file). A PGlite directory in use
  by a running server cannot be opened: stop the server first.
`;
export const databaseDetails = (text: string): string => `${text}\n${DATABASE_DETAILS}`;
