import { Command } from 'clipanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { DatabaseCommand, databaseDetails } from '../../shared/database-command.js';
import { renderTable } from '../../shared/table.js';

export class DbStatusCommand extends DatabaseCommand {
  static override paths = [['db', 'status']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Show which migrations are applied and which are pending',
    details: databaseDetails('Every known migration, oldest first, applied or pending.'),
    examples: [
      ['The embedded database of this directory', '$0 db status'],
      ['As JSON', '$0 db status --json'],
    ],
  });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const { executed, pending } = await migrations.status();
    if (this.json) {
      this.writeJson({ database: migrations.databaseDescription, executed, pending, up_to_date: pending.length === 0 });
      return 0;
    }
    const c = this.colors;
    this.write(`${migrations.databaseDescription}: ${pending.length === 0 ? c.green('up to date') : c.yellow(`${pending.length} pending`)}\n`);
    this.write(renderTable(c, ['MIGRATION', 'STATE'], [...executed.map((name) => [name, c.green('applied')]), ...pending.map((name) => [name, c.yellow('pending')])]));
    return 0;
  }
}
