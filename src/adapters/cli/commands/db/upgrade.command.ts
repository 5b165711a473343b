import { Command, Option } from 'clipanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { CliFailure } from '../../shared/cli-failure.js';
import { DatabaseCommand, databaseDetails, givenRevision, REVISION_DETAILS } from '../../shared/database-command.js';

export class DbUpgradeCommand extends DatabaseCommand {
  static override paths = [['db', 'upgrade']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Apply the pending schema migrations, up to REV (default head)',
    details: databaseDetails(
      `The server also does this when it starts; migrations on PostgreSQL take a lock, so replicas take turns.\n\n${REVISION_DETAILS}`,
    ),
    examples: [
      ['The embedded database of this directory', '$0 db upgrade'],
      ['Up to one migration (a prefix of its name will do)', '$0 db upgrade 0001'],
      ['One more migration', '$0 db upgrade +1'],
      ['A PostgreSQL server', '$0 db upgrade --database postgres://user@db.example/whatsnext'],
      ['Another PGlite directory', 'WHATSNEXT_DATA_DIR=/srv/whatsnext $0 db upgrade'],
    ],
  });

  revision = Option.String({ name: 'rev', required: false });
  boundRevision = Option.String('--revision', { hidden: true });

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const revision = givenRevision(this.revision, this.boundRevision) ?? 'head';
    const { target, executed } = await this.revisionTarget(migrations, revision);
    if (target === null && migrations.known().length > 0) throw new CliFailure(`cannot upgrade to base: use \`whatsnext db downgrade base\``);
    const applied = target === null || executed.includes(target) ? [] : await migrations.upgrade(target);
    const db = migrations.databaseDescription;
    if (this.json) this.writeJson({ database: db, applied });
    else if (applied.length > 0) this.write(`${db}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}\n${applied.map((name) => `  ${name}\n`).join('')}`);
    else if (revision === 'head') this.write(`${db}: the schema is up to date\n`);
    else this.write(`${db}: ${target} is already applied\n`);
    return 0;
  }
}
