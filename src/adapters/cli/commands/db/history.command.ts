import { Command } from 'clipanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { DatabaseCommand, databaseDetails } from '../../shared/database-command.js';
import { renderTable } from '../../shared/table.js';

export class DbHistoryCommand extends DatabaseCommand {
  static override paths = [['db', 'history']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'List the applied migrations with when each ran',
    details: databaseDetails('Oldest first.'),
    examples: [
      ['The embedded database of this directory', '$0 db history'],
      ['As JSON', '$0 db history --json'],
    ],
  });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const history = await migrations.history();
    if (this.json) {
      this.writeJson({ database: migrations.databaseDescription, history: history.map((entry) => ({ name: entry.name, executed_at: entry.executedAt.toISOString() })) });
      return 0;
    }
    if (history.length === 0) {
      this.write(`${migrations.databaseDescription}: no migration applied\n`);
      return 0;
    }
    this.write(`${migrations.databaseDescription}\n`);
    this.write(renderTable(this.colors, ['MIGRATION', 'APPLIED AT'], history.map((entry) => [entry.name, entry.executedAt.toISOString()])));
    return 0;
  }
}
