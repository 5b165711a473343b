import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { DatabaseCommand, databaseDetails } from '../../shared/database-command.js';

export class DbDowngradeCommand extends DatabaseCommand {
  static override paths = [['db', 'downgrade']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Revert the last applied migrations',
    details: databaseDetails('Reverts one migration, or `--steps N`. Reverting the first migration drops every table, data included.'),
    examples: [
      ['Revert the last migration', '$0 db downgrade'],
      ['Revert two, on PostgreSQL', '$0 db downgrade --steps 2 --database postgres://user@db.example/whatsnext'],
    ],
  });

  steps = Option.String('--steps', '1', { description: 'How many migrations to revert (default 1)', validator: t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)]) });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const reverted: string[] = [];
    for (let i = 0; i < Number(this.steps); i++) {
      const name = await migrations.downgrade();
      if (name === null) break;
      reverted.push(name);
    }
    if (this.json) this.writeJson({ database: migrations.databaseDescription, reverted });
    else if (reverted.length === 0) this.write(`${migrations.databaseDescription}: no migration to revert\n`);
    else this.write(`${migrations.databaseDescription}: reverted ${reverted.length} migration${reverted.length === 1 ? '' : 's'}\n${reverted.map((name) => `  ${name}\n`).join('')}`);
    return 0;
  }
}
