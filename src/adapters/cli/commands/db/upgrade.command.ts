import { Command } from 'clipanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { DatabaseCommand, databaseDetails } from '../../shared/database-command.js';

export class DbUpgradeCommand extends DatabaseCommand {
  static override paths = [['db', 'upgrade']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Apply the pending schema migrations',
    details: databaseDetails('The server also does this when it starts; migrations on PostgreSQL take a lock, so replicas take turns.'),
    examples: [
      ['The embedded database of this directory', '$0 db upgrade'],
      ['A PostgreSQL server', '$0 db upgrade --database postgres://user@db.example/whatsnext'],
      ['Another PGlite directory', 'WHATSNEXT_DATA_DIR=/srv/whatsnext $0 db upgrade'],
    ],
  });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const applied = await migrations.upgrade();
    if (this.json) this.writeJson({ database: migrations.databaseDescription, applied });
    else if (applied.length === 0) this.write(`${migrations.databaseDescription}: the schema is up to date\n`);
    else this.write(`${migrations.databaseDescription}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}\n${applied.map((name) => `  ${name}\n`).join('')}`);
    return 0;
  }
}
