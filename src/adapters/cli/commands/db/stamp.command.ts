import { Command, Option } from 'clipanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { usageError } from '../../shared/cli-failure.js';
import { DatabaseCommand, databaseDetails, givenRevision, REVISION_DETAILS } from '../../shared/database-command.js';

export class DbStampCommand extends DatabaseCommand {
  static override paths = [['db', 'stamp']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Record the schema as being at REV, without running any migration',
    details: databaseDetails(
      `For a schema made or changed by other means: the migrations up to REV are recorded as applied, the later ones as not applied. Nothing else changes.\n\n${REVISION_DETAILS}`,
    ),
    examples: [
      ['A schema restored from a dump of the newest version', '$0 db stamp head'],
      ['Forget every migration (the tables stay)', '$0 db stamp base'],
    ],
  });

  revision = Option.String({ name: 'rev', required: false });
  boundRevision = Option.String('--revision', { hidden: true });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const revision = givenRevision(this.revision, this.boundRevision);
    if (revision === undefined) throw usageError('db stamp needs a revision: head, base, +N, -N or a migration name');
    const { target } = await this.revisionTarget(migrations, revision);
    const { recorded, unrecorded } = await migrations.stamp(target);
    const db = migrations.databaseDescription;
    if (this.json) this.writeJson({ database: db, revision: target ?? 'base', recorded, unrecorded });
    else {
      this.write(`${db}: stamped at ${target ?? 'base'}\n`);
      for (const name of recorded) this.write(`  recorded as applied: ${name}\n`);
      for (const name of unrecorded) this.write(`  recorded as not applied: ${name}\n`);
    }
    return 0;
  }
}
