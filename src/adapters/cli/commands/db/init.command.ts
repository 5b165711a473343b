import { Command, Option } from 'clipanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { CliFailure } from '../../shared/cli-failure.js';
import { DatabaseCommand, databaseDetails } from '../../shared/database-command.js';
import { currentRevision } from '../../shared/migration-revision.js';

export class DbInitCommand extends DatabaseCommand {
  static override paths = [['db', 'init']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Create the schema on an empty database (--stamp: only record it as created)',
    details: databaseDetails(
      'Runs every migration on a database that has none applied; one that has is left alone (use `db upgrade`). With `--stamp`, runs nothing and records every migration as applied, for a schema created by other means.',
    ),
    examples: [
      ['Create the tables of the embedded database', '$0 db init'],
      ['Record a schema restored from a dump', '$0 db init --stamp --database postgres://user@db.example/whatsnext'],
    ],
  });

  stamp = Option.Boolean('--stamp', false, { description: 'Record the newest migration as applied without running any' });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const known = migrations.known();
    const head = known[known.length - 1] ?? null;
    const db = migrations.databaseDescription;
    if (this.stamp) {
      const { recorded, unrecorded } = await migrations.stamp(head);
      if (this.json) this.writeJson({ database: db, revision: head ?? 'base', recorded, unrecorded, applied: [] });
      else this.write(`${db}: stamped at ${head ?? 'base'}, no migration run\n`);
      return 0;
    }
    const { executed } = await migrations.status();
    if (executed.length > 0) throw new CliFailure(`${db} is already initialised (at ${currentRevision(known, executed) ?? executed[executed.length - 1]}): use \`whatsnext db upgrade\``);
    const applied = await migrations.upgrade(null);
    if (this.json) this.writeJson({ database: db, applied });
    else this.write(`${db}: created the schema (${applied.length} migration${applied.length === 1 ? '' : 's'})\n`);
    return 0;
  }
}
