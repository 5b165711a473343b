import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import type { SchemaMigrations } from '../../cli-context.js';
import { CliFailure, usageError } from '../../shared/cli-failure.js';
import { confirmDeletion } from '../../shared/confirmation.js';
import { DatabaseCommand, databaseDetails, givenRevision, REVISION_DETAILS } from '../../shared/database-command.js';
import { currentRevision } from '../../shared/migration-revision.js';
import { forceOption } from '../../shared/networked-command.js';

export class DbDowngradeCommand extends DatabaseCommand {
  static override paths = [['db', 'downgrade']];

  static override usage = Command.Usage({
    category: 'Database',
    description: 'Revert the applied migrations after REV (default -1: the last one)',
    details: databaseDetails(
      `Leaves the database at REV, as alembic does: \`base\` reverts every migration, which drops every table, data included. Asks y/N on a terminal; needs --force elsewhere.\n\n${REVISION_DETAILS}`,
    ),
    examples: [
      ['Revert the last migration', '$0 db downgrade -1'],
      ['Back to one migration (a prefix of its name will do)', '$0 db downgrade 0001'],
      ['Revert everything, without asking', '$0 db downgrade base --force'],
      ['Revert two, on PostgreSQL', '$0 db downgrade -2 --force --database postgres://user@db.example/whatsnext'],
    ],
  });

  revision = Option.String({ name: 'rev', required: false });
  boundRevision = Option.String('--revision', { hidden: true });
  steps = Option.String('--steps', { description: 'How many migrations to revert, as REV -N (at most the applied ones)', validator: t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)]) });
  force = forceOption();

  protected async run(migrations: SchemaMigrations): Promise<number> {
    const given = givenRevision(this.revision, this.boundRevision);
    if (given !== undefined && this.steps !== undefined) throw usageError(`give one revision, not '${given}' and --steps ${this.steps}`);
    const known = migrations.known();
    const { executed: applied } = await migrations.status();
    // --steps reverts at most what is applied; an explicit -N beyond that is out of range.
    const current = currentRevision(known, applied);
    const revision = given ?? `-${Math.min(this.steps ?? 1, current === null ? 0 : known.indexOf(current) + 1)}`;
    const { target, executed } = await this.revisionTarget(migrations, revision);
    if (target !== null && !executed.includes(target)) throw new CliFailure(`${target} is not applied (the database is at ${current ?? 'base'}): use \`whatsnext db upgrade\``);
    const toRevert = known.filter((name, index) => executed.includes(name) && (target === null || index > known.indexOf(target)));
    const db = migrations.databaseDescription;
    if (toRevert.length > 0) {
      const what = `reverting ${toRevert.length} migration${toRevert.length === 1 ? '' : 's'} of ${db} down to ${target ?? 'base'}${target === null ? ' (every table, data included, is dropped)' : ''}`;
      await confirmDeletion(this.context, this.force, what);
    }
    const reverted = toRevert.length === 0 ? [] : await migrations.revertTo(target);
    if (this.json) this.writeJson({ database: db, reverted });
    else if (reverted.length === 0) this.write(`${db}: no migration to revert\n`);
    else this.write(`${db}: reverted ${reverted.length} migration${reverted.length === 1 ? '' : 's'}\n${reverted.map((name) => `  ${name}\n`).join('')}`);
    return 0;
  }
}
